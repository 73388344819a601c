package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Principal locks, one per principal (a new lock replaces the old one). */
public final class LockRepository {
  private final Db db;

  LockRepository(Db db) {
    this.db = db;
  }

  public LockRecord upsert(LockRecord l) {
    return db.tx(
        tx -> {
          tx.update(
              "INSERT INTO locks (principal, reason, created_by, created_at, expires_at)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (principal) DO UPDATE SET"
                  + " reason = excluded.reason, created_by = excluded.created_by,"
                  + " created_at = excluded.created_at, expires_at = excluded.expires_at",
              l.principal(),
              l.reason(),
              l.createdBy(),
              l.createdAt(),
              Tx.millis(l.expiresAt()));
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
