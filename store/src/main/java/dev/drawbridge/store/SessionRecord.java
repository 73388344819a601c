package dev.drawbridge.store;

import java.time.Instant;
import java.util.List;

/**
 * A user session. {@code id} should be a hash of the cookie value, not the value itself. {@code
 * idpSid} and {@code idpSub}: the provider's session id ({@code sid}) and subject ({@code sub})
 * from the id_token, which back-channel logout names; null when none.
 */
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
    String data,
    String idpSid,
    String idpSub) {
  /** A session without the provider's session id and subject. */
  public SessionRecord(
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
    this(
        id,
        principal,
        idp,
        amr,
        groups,
        createdAt,
        lastSeenAt,
        expiresAt,
        revokedAt,
        data,
        null,
        null);
  }

  public SessionRecord {
    amr = amr == null ? List.of() : List.copyOf(amr);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
