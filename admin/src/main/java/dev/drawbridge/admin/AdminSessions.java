package dev.drawbridge.admin;

import java.time.Instant;
import java.util.List;

/**
 * The user sessions the admin API lists and revokes ({@code /api/v1/sessions}), as the gateway's
 * session manager holds them. The server wires it to its identity service; absent (null in {@link
 * AdminContext}) when there is none. {@link #revoke} must take the path every other revocation
 * takes (the store and its change feed), so that the session's live streams end and other gateways
 * drop it. Blocking.
 */
public interface AdminSessions {
  /** The sessions held as live; the caller drops those past expiry or idle timeout. */
  List<Session> list();

  /** Revokes the session with record id {@code id}; true if it was live. */
  boolean revoke(String id);

  /**
   * One user session. {@code id}: its record id (the SHA-256 of the cookie value, never the value;
   * the access event's {@code credential_id}); {@code idleExpiresAt}: when it ends unless used.
   */
  record Session(
      String id,
      String principal,
      String idp,
      List<String> amr,
      List<String> groups,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      Instant idleExpiresAt) {
    public Session {
      amr = amr == null ? List.of() : List.copyOf(amr);
      groups = groups == null ? List.of() : List.copyOf(groups);
    }
  }
}
