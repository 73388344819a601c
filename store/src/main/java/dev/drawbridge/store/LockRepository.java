package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Principal locks, one per principal (a new lock never shortens the one in force). */
public final class LockRepository {
  private final Db db;

  LockRepository(Db db) {
    this.db = db;
  }

  /**
   * Locks a principal unless that would shorten the lock already on it: an existing lock with no
   * expiry, or with an expiry later than {@code l}'s, stays as it is (reason and author included);
   * otherwise {@code l} replaces it. Decided in one statement, so gateways sharing PostgreSQL
   * cannot race each other into a shorter lock. Returns the lock stored afterwards.
   */
  public LockRecord upsert(LockRecord l) {
    return db.tx(
        tx -> {
          int n =
              tx.update(
                  "INSERT INTO locks (principal, reason, created_by, created_at, expires_at)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (principal) DO UPDATE SET"
                      + " reason = excluded.reason, created_by = excluded.created_by,"
                      + " created_at = excluded.created_at, expires_at = excluded.expires_at"
                      + " WHERE (locks.expires_at IS NOT NULL AND excluded.expires_at IS NULL)"
                      + " OR locks.expires_at <= excluded.expires_at",
                  l.principal(),
                  l.reason(),
                  l.createdBy(),
                  l.createdAt(),
                  Tx.millis(l.expiresAt()));
          if (n == 0) {
            return tx.one(
                    "SELECT * FROM locks WHERE principal = ?", LockRepository::row, l.principal())
                .orElse(l);
          }
          tx.changed(Change.LOCK, l.principal());
          return l;
        });
  }

  /** True if a lock was removed. */
  public boolean delete(String principal) {
    return db.tx(
        tx -> {
          int n = tx.update("DELETE FROM locks WHERE principal = ?", principal);
          if (n > 0) {
            tx.changed(Change.LOCK, principal);
          }
          return n > 0;
        });
  }

  public Optional<LockRecord> find(String principal) {
    return db.read(
        tx -> tx.one("SELECT * FROM locks WHERE principal = ?", LockRepository::row, principal));
  }

  /** All locks, expired ones included (callers filter with their clock). */
  public List<LockRecord> all() {
    return db.read(tx -> tx.query("SELECT * FROM locks ORDER BY created_at", LockRepository::row));
  }

  private static LockRecord row(ResultSet rs) throws SQLException {
    return new LockRecord(
        rs.getString("principal"),
        rs.getString("reason"),
        rs.getString("created_by"),
        Tx.time(rs, "created_at"),
        Tx.time(rs, "expires_at"));
  }
}
