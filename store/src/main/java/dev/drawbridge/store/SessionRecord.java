package dev.drawbridge.store;

import java.time.Instant;
import java.util.List;

/** A user session. {@code id} should be a hash of the cookie value, not the value itself. */
public record SessionRecord(
    String id,
    String principal,
    String idp,
    List<String> amr,
    List<String> groups,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant revokedAt,
    String data) {
  public SessionRecord {
    amr = amr == null ? List.of() : List.copyOf(amr);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
