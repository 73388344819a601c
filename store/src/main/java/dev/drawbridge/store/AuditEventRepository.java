package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared audit table of a scale-out deployment: records of every gateway's local log, keyed by
 * (gateway_id, seq), in ingestion order by id. Inserts are idempotent (a re-shipped record is
 * ignored) and, on PostgreSQL, serialized so that ids become visible in commit order: a reader that
 * has seen id N never later sees an id below N appear.
 */
public final class AuditEventRepository {
  /** Serializes inserts on PostgreSQL so ids become visible in order ("dbra"). */
  private static final long INSERT_LOCK = 0x64627261L;

  private final Db db;

  AuditEventRepository(Db db) {
    this.db = db;
  }

  /** Inserts the rows (ids ignored); rows already present are skipped. Returns rows inserted. */
  public int insert(List<AuditEventRow> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    return db.tx(
        tx -> {
          if (tx.postgres) {
            tx.query("SELECT pg_advisory_xact_lock(?)", rs -> 0, INSERT_LOCK);
          }
          List<Object[]> args = new ArrayList<>(rows.size());
          for (AuditEventRow r : rows) {
            args.add(
                new Object[] {
                  r.gatewayId(),
                  r.seq(),
                  r.time(),
                  r.event(),
                  r.principal(),
                  r.app(),
                  r.decision(),
                  r.json(),
                  r.hash()
                });
          }
          tx.batch(
              "INSERT INTO audit_events (gateway_id, seq, time, event, principal, app, decision,"
                  + " json, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (gateway_id, seq) DO NOTHING",
              args);
          return rows.size();
        });
  }

  /** The highest seq shipped for {@code gatewayId}, 0 if none. */
  public long lastSeq(String gatewayId) {
    return db.read(
        tx ->
            tx.one(
                    "SELECT COALESCE(MAX(seq), 0) FROM audit_events WHERE gateway_id = ?",
                    rs -> rs.getLong(1),
                    gatewayId)
                .orElse(0L));
  }

  /** Rows with an id above {@code id}, in id order, at most {@code limit}. */
  public List<AuditEventRow> since(long id, int limit) {
    return db.read(
        tx ->
            tx.query(
                "SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?",
                AuditEventRepository::row,
                id,
                limit));
  }

  /** One gateway's rows with a seq above {@code afterSeq}, in seq order, at most {@code limit}. */
  public List<AuditEventRow> chain(String gatewayId, long afterSeq, int limit) {
    return db.read(
        tx ->
            tx.query(
                "SELECT * FROM audit_events WHERE gateway_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                AuditEventRepository::row,
                gatewayId,
                afterSeq,
                limit));
  }

  /** Every gateway id that shipped anything, sorted. */
  public List<String> gateways() {
    return db.read(
        tx ->
            tx.query(
                "SELECT DISTINCT gateway_id FROM audit_events ORDER BY gateway_id",
                rs -> rs.getString(1)));
  }

  /**
   * Access events ({@code event = 'access'}), and identity signal and SCIM events (SPEC §10),
   * matching the filters (null: any), in (time, gateway_id, seq) order; {@code since <= time <
   * until}; {@code limit <= 0}: no limit.
   */
  public List<AuditEventRow> query(
      String principal, String app, String decision, Instant since, Instant until, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT * FROM audit_events WHERE event IN ('access', 'identity_signal', 'scim')");
    List<Object> args = new ArrayList<>();
    if (principal != null) {
      sql.append(" AND LOWER(principal) = LOWER(?)");
      args.add(principal);
    }
    if (app != null) {
      sql.append(" AND app = ?");
      args.add(app);
    }
    if (decision != null) {
      sql.append(" AND decision = ?");
      args.add(decision);
    }
    if (since != null) {
      sql.append(" AND time >= ?");
      args.add(since);
    }
    if (until != null) {
      sql.append(" AND time < ?");
      args.add(until);
    }
    sql.append(" ORDER BY time, gateway_id, seq");
    if (limit > 0) {
      sql.append(" LIMIT ?");
      args.add(limit);
    }
    return db.read(tx -> tx.query(sql.toString(), AuditEventRepository::row, args.toArray()));
  }

  /** The consumer's last processed id, if it has one. */
  public Optional<Long> cursor(String name) {
    return db.read(
        tx ->
            tx.one("SELECT last_id FROM audit_cursors WHERE name = ?", rs -> rs.getLong(1), name));
  }

  /**
   * Moves the consumer's cursor from {@code expected} (null: none yet) to {@code next}. False when
   * someone else moved it first (a second consumer: the caller must stop).
   */
  public boolean advance(String name, Long expected, long next) {
    return db.tx(
        tx -> {
          if (expected == null) {
            return tx.update(
                    "INSERT INTO audit_cursors (name, last_id) VALUES (?, ?)"
                        + " ON CONFLICT (name) DO NOTHING",
                    name,
                    next)
                == 1;
          }
          return tx.update(
                  "UPDATE audit_cursors SET last_id = ? WHERE name = ? AND last_id = ?",
                  next,
                  name,
                  expected)
              == 1;
        });
  }

  private static AuditEventRow row(ResultSet rs) throws SQLException {
    return new AuditEventRow(
        rs.getLong("id"),
        rs.getString("gateway_id"),
        rs.getLong("seq"),
        Tx.time(rs, "time"),
        rs.getString("event"),
        rs.getString("principal"),
        rs.getString("app"),
        rs.getString("decision"),
        rs.getString("json"),
        rs.getString("hash"));
  }
}
