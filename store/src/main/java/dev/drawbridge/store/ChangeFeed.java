package dev.drawbridge.store;

import java.time.Instant;
import java.util.List;

/**
 * The portable change feed: every mutating repository call appends {@code (kind, key)} rows in its
 * transaction. Readers remember the last id they applied and poll {@link #since}. On PostgreSQL,
 * appends are serialized (advisory lock) so ids become visible in order, and each committing
 * transaction also sends {@code NOTIFY drawbridge_changes}.
 */
public final class ChangeFeed {
  /** Most changes returned by one {@link #since} call; call again until it returns fewer. */
  public static final int PAGE = 1000;

  private final Db db;

  ChangeFeed(Db db) {
    this.db = db;
  }

  /** The id of the newest change, 0 if none. */
  public long latestId() {
    return db.read(
        tx -> tx.one("SELECT COALESCE(MAX(id), 0) FROM changes", rs -> rs.getLong(1)).orElse(0L));
  }

  /** Changes with an id greater than {@code id}, oldest first, at most {@link #PAGE}. */
  public List<Change> since(long id) {
    return db.read(
        tx ->
            tx.query(
                "SELECT id, kind, key, at FROM changes WHERE id > ? ORDER BY id LIMIT ?",
                rs ->
                    new Change(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        rs.getString("key"),
                        Instant.ofEpochMilli(rs.getLong("at"))),
                id,
                PAGE));
  }

  /** Deletes changes older than {@code before} (readers are expected to be far more current). */
  public int prune(Instant before) {
    return db.tx(tx -> tx.update("DELETE FROM changes WHERE at < ?", before));
  }
}
