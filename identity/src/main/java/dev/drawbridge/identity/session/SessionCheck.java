package dev.drawbridge.identity.session;

import java.util.Optional;

/**
 * The result of looking a request's cookie up: a session, or why there is none. Reasons: {@code
 * no_session} (no cookie), {@code invalid_session} (tampered or unknown cookie), {@code
 * session_expired} (lifetime over), {@code session_idle} (idle timeout).
 */
public record SessionCheck(Optional<UserSession> session, String reason) {
  public static final String NO_SESSION = "no_session";
  public static final String INVALID = "invalid_session";
  public static final String EXPIRED = "session_expired";
  public static final String IDLE = "session_idle";

  static SessionCheck ok(UserSession s) {
    return new SessionCheck(Optional.of(s), null);
  }

  static SessionCheck none(String reason) {
    return new SessionCheck(Optional.empty(), reason);
  }
}
