package dev.drawbridge.store;

import java.time.Instant;

/** One entry of the change feed: {@code kind} of state and the {@code key} of the changed row. */
public record Change(long id, String kind, String key, Instant at) {
  public static final String TOKEN = "token";

  /** Only last-use data of a token changed (coalesced usage flush). */
  public static final String TOKEN_USAGE = "token.usage";

  public static final String LOCK = "lock";
  public static final String BREACH = "breach";
  public static final String ALERT = "alert";
  public static final String SESSION = "session";
  public static final String WEBAUTHN = "webauthn";
  public static final String INVITE = "invite";

  /** An assertion signing key was created or deleted (key: its kid). */
  public static final String SIGNING_KEY = "signing_key";
}
