package dev.drawbridge.identity.session;

import java.time.Instant;
import java.util.List;

/**
 * A signed-in user. {@code id} is the session's record id (the SHA-256 of the cookie value, never
 * the cookie itself); {@code idp} is the provider id, or {@code local} for security-key users.
 */
public record UserSession(
    String id,
    String email,
    List<String> groups,
    String idp,
    List<String> amr,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt) {
  public UserSession {
    groups = groups == null ? List.of() : List.copyOf(groups);
    amr = amr == null ? List.of() : List.copyOf(amr);
  }

  public boolean hasAmr(String method) {
    return amr.contains(method);
  }

  UserSession seen(Instant at) {
    return new UserSession(id, email, groups, idp, amr, createdAt, at, expiresAt);
  }
}
