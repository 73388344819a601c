package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** User sessions. Revocations append {@link Change#SESSION} changes; touches do not. */
public final class SessionRepository {
  private final Db db;

  SessionRepository(Db db) {
    this.db = db;
  }

  public void insert(SessionRecord s) {
    db.tx(
        tx -> {
          tx.update(
              "INSERT INTO sessions (id, principal, idp, amr, groups, created_at, last_seen_at,"
                  + " expires_at, revoked_at, data, idp_sid, idp_sub)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              s.id(),
              s.principal(),
              s.idp(),
              Json.write(s.amr()),
              Json.write(s.groups()),
              s.createdAt(),
              s.lastSeenAt(),
              s.expiresAt(),
              Tx.millis(s.revokedAt()),
              s.data(),
              s.idpSid(),
              s.idpSub());
          tx.changed(Change.SESSION, s.id());
          return null;
        });
  }

  public Optional<SessionRecord> find(String id) {
    return db.read(tx -> tx.one("SELECT * FROM sessions WHERE id = ?", SessionRepository::row, id));
  }

  /**
   * Records activity (idle timeout). Not a change-feed event: callers should coalesce touches
   * rather than write one per request.
   */
  public void touch(String id, Instant lastSeenAt) {
    db.tx(
        tx ->
            tx.update(
                "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?",
                lastSeenAt,
                id,
                lastSeenAt));
  }

  /** True if the session existed and was not yet revoked. */
  public boolean revoke(String id, Instant at) {
    return db.tx(
        tx -> {
          int n =
              tx.update(
                  "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id);
          if (n > 0) {
            tx.changed(Change.SESSION, id);
          }
          return n > 0;
        });
  }

  /** Revokes every live session of {@code principal}; returns their ids. */
  public List<String> revokeByPrincipal(String principal, Instant at) {
    return db.tx(
        tx -> {
          List<String> ids =
              tx.query(
                  "SELECT id FROM sessions WHERE principal = ? AND revoked_at IS NULL"
                      + " ORDER BY id", // the order breach declarations revoke sessions in
                  rs -> rs.getString(1),
                  principal);
          for (String id : ids) {
            tx.update("UPDATE sessions SET revoked_at = ? WHERE id = ?", at, id);
            tx.changed(Change.SESSION, id);
          }
          return ids;
        });
  }

  /**
   * Revokes the live sessions issued through provider {@code idp} whose provider session id is
   * {@code sid} (when not null) and whose provider subject is {@code sub} (when not null): what an
   * OIDC back-channel logout token names. At least one of the two must be given. Returns the ids.
   */
  public List<String> revokeByProviderSession(String idp, String sid, String sub, Instant at) {
    if (sid == null && sub == null) {
      throw new IllegalArgumentException("sid or sub (expected: at least one)");
    }
    StringBuilder where = new StringBuilder("idp = ? AND revoked_at IS NULL");
    List<Object> args = new java.util.ArrayList<>();
    args.add(idp);
    if (sid != null) {
      where.append(" AND idp_sid = ?");
      args.add(sid);
    }
    if (sub != null) {
      where.append(" AND idp_sub = ?");
      args.add(sub);
    }
    return db.tx(
        tx -> {
          List<String> ids =
              tx.query(
                  "SELECT id FROM sessions WHERE " + where + " ORDER BY id",
                  rs -> rs.getString(1),
                  args.toArray());
          for (String id : ids) {
            tx.update("UPDATE sessions SET revoked_at = ? WHERE id = ?", at, id);
            tx.changed(Change.SESSION, id);
          }
          return ids;
        });
  }

  /**
   * The principals (e-mails) of live sessions issued through {@code idp} to subject {@code sub}.
   */
  public List<String> principalsOfSubject(String idp, String sub) {
    return db.read(
        tx ->
            tx.query(
                "SELECT DISTINCT principal FROM sessions WHERE idp = ? AND idp_sub = ?"
                    + " ORDER BY principal",
                rs -> rs.getString(1),
                idp,
                sub));
  }

  /** Sessions neither revoked nor expired at {@code now}. */
  public List<SessionRecord> active(Instant now) {
    return db.read(
        tx ->
            tx.query(
                "SELECT * FROM sessions WHERE revoked_at IS NULL AND expires_at > ?"
                    + " ORDER BY created_at",
                SessionRepository::row,
                now));
  }

  /** Deletes sessions that expired or were revoked before {@code before}; returns the count. */
  public int purge(Instant before) {
    return db.tx(
        tx ->
            tx.update(
                "DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?", before, before));
  }

  private static SessionRecord row(ResultSet rs) throws SQLException {
    return new SessionRecord(
        rs.getString("id"),
        rs.getString("principal"),
        rs.getString("idp"),
        Json.list(rs.getString("amr")),
        Json.list(rs.getString("groups")),
        Tx.time(rs, "created_at"),
        Tx.time(rs, "last_seen_at"),
        Tx.time(rs, "expires_at"),
        Tx.time(rs, "revoked_at"),
        rs.getString("data"),
        rs.getString("idp_sid"),
        rs.getString("idp_sub"));
  }
}
