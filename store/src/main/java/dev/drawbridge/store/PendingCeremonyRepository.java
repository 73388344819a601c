package dev.drawbridge.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Ceremonies in progress (OIDC sign-ins, WebAuthn challenges) shared by every gateway on one
 * PostgreSQL: stored by the gateway that starts one, taken at most once by whichever gateway the
 * browser comes back to. Values are opaque text (the caller's encoding).
 */
public final class PendingCeremonyRepository {
  /** The outcome of {@link #put}. */
  public enum Put {
    STORED,
    /** {@code max} unexpired ceremonies of this kind are in progress. */
    FULL,
    /** The client already holds {@code perClient} unexpired ceremonies of this kind. */
    CLIENT_LIMIT
  }

  private final Db db;

  PendingCeremonyRepository(Db db) {
    this.db = db;
  }

  /**
   * Stores {@code value} as ceremony {@code id} of {@code kind} until {@code expiresAt}, after
   * deleting every expired ceremony, unless {@code max} of this kind or {@code perClient} of this
   * kind from {@code client} are in progress. The bounds are checked per transaction: gateways
   * starting ceremonies at the same moment may together exceed them by a few.
   */
  public Put put(
      String kind,
      String id,
      String value,
      String client,
      Instant expiresAt,
      Instant now,
      int max,
      int perClient) {
    return db.tx(
        tx -> {
          tx.update("DELETE FROM pending_ceremonies WHERE expires_at <= ?", now);
          long all =
              tx.one(
                      "SELECT COUNT(*) FROM pending_ceremonies WHERE kind = ?",
                      rs -> rs.getLong(1),
                      kind)
                  .orElse(0L);
          if (all >= max) {
            return Put.FULL;
          }
          long mine =
              tx.one(
                      "SELECT COUNT(*) FROM pending_ceremonies WHERE kind = ? AND client = ?",
                      rs -> rs.getLong(1),
                      kind,
                      client)
                  .orElse(0L);
          if (mine >= perClient) {
            return Put.CLIENT_LIMIT;
          }
          tx.update(
              "INSERT INTO pending_ceremonies (kind, id, value, client, expires_at)"
                  + " VALUES (?, ?, ?, ?, ?)",
              kind,
              id,
              value,
              client,
              expiresAt);
          return Put.STORED;
        });
  }

  /**
   * Removes ceremony {@code id} of {@code kind} and returns its value if it had not expired at
   * {@code now}. Of gateways taking the same ceremony at once, exactly one gets it: the one whose
   * DELETE removed the row.
   */
  public Optional<String> take(String kind, String id, Instant now) {
    return db.tx(
        tx -> {
          Optional<String[]> row =
              tx.one(
                  "SELECT value, expires_at FROM pending_ceremonies WHERE kind = ? AND id = ?",
                  rs -> new String[] {rs.getString(1), Long.toString(rs.getLong(2))},
                  kind,
                  id);
          if (row.isEmpty()
              || tx.update("DELETE FROM pending_ceremonies WHERE kind = ? AND id = ?", kind, id)
                  != 1) {
            return Optional.empty();
          }
          long expires = Long.parseLong(row.get()[1]);
          return expires > now.toEpochMilli() ? Optional.of(row.get()[0]) : Optional.empty();
        });
  }
}
