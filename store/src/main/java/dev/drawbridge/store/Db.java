package dev.drawbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/** Runs units of work on pooled connections: {@link #tx} for writes, {@link #read} for reads. */
final class Db {
  /** Serializes change-feed appends on PostgreSQL so ids become visible in commit order. */
  private static final long CHANGES_LOCK = 0x64627267L; // "dbrg"

  final DataSource ds;
  final boolean postgres;
  final Clock clock;

  Db(DataSource ds, boolean postgres, Clock clock) {
    this.ds = ds;
    this.postgres = postgres;
    this.clock = clock;
  }

  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** Runs {@code work} in one transaction; its recorded changes are appended before commit. */
  <T> T tx(Work<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        Tx tx = new Tx(c, postgres);
        T result = work.run(tx);
        appendChanges(tx);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw StoreException.wrap(e);
    }
  }

  /** Runs {@code work} on an autocommit connection (reads; nothing is appended to the feed). */
  <T> T read(Work<T> work) {
    try (Connection c = ds.getConnection()) {
      return work.run(new Tx(c, postgres));
    } catch (SQLException e) {
      throw StoreException.wrap(e);
    }
  }

  private void appendChanges(Tx tx) throws SQLException {
    if (tx.changes.isEmpty()) {
      return;
    }
    if (postgres) {
      // Held to commit: the next appender allocates its ids only after this commit, so a reader
      // that sees id N also sees every id below N (no gaps from in-flight transactions).
      tx.query("SELECT pg_advisory_xact_lock(?)", rs -> 0, CHANGES_LOCK);
    }
    long at = clock.millis();
    tx.batch(
        "INSERT INTO changes (kind, key, at) VALUES (?, ?, ?)",
        tx.changes.stream().map(k -> new Object[] {k[0], k[1], at}).toList());
    if (postgres) {
      tx.query("SELECT pg_notify('drawbridge_changes', ?)", rs -> 0, tx.changes.get(0)[0]);
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
