package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Detection alerts. Saving the same id twice replaces the stored document. */
public final class AlertRepository {
  private final Db db;

  AlertRepository(Db db) {
    this.db = db;
  }

  public void save(AlertRecord a) {
    db.tx(
        tx -> {
          tx.update(
              "INSERT INTO alerts (id, time, rule_id, principal, json) VALUES (?, ?, ?, ?, ?)"
                  + " ON CONFLICT (id) DO UPDATE SET time = excluded.time,"
                  + " rule_id = excluded.rule_id, principal = excluded.principal,"
                  + " json = excluded.json",
              a.id(),
              a.time(),
              a.ruleId(),
              a.principal(),
              a.json());
          tx.changed(Change.ALERT, a.id());
          return null;
        });
  }

  public Optional<AlertRecord> find(String id) {
    return db.read(tx -> tx.one("SELECT * FROM alerts WHERE id = ?", AlertRepository::row, id));
  }

  /** Alerts at or after {@code since} (null: all), newest first, at most {@code limit}. */
  public List<AlertRecord> since(Instant since, int limit) {
    long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
    return db.read(
        tx ->
            tx.query(
                "SELECT * FROM alerts WHERE time >= ? ORDER BY time DESC, id DESC LIMIT ?",
                AlertRepository::row,
                from,
                limit));
  }

  private static AlertRecord row(ResultSet rs) throws SQLException {
    return new AlertRecord(
        rs.getString("id"),
        Tx.time(rs, "time"),
        rs.getString("rule_id"),
        rs.getString("principal"),
        rs.getString("json"));
  }
}
