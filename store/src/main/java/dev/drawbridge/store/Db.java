package dev.drawbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs units of work on pooled connections: {@link #tx} for writes, {@link #read} for reads. */
final class Db {
  /** Serializes change-feed appends on PostgreSQL so ids become visible in commit order. */
  private static final long CHANGES_LOCK = 0x64627267L; // "dbrg"

  /** Attempts of one {@link #tx} that PostgreSQL aborts as a deadlock or serialization failure. */
  static final int MAX_ATTEMPTS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(Db.class);

  /** Transactions run again after PostgreSQL aborted them (deadlock or serialization failure). */
  final AtomicLong retried = new AtomicLong();

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

  /**
   * Runs {@code work} in one transaction; its recorded changes are appended before commit. A
   * transaction PostgreSQL aborts as a deadlock victim (SQLState 40P01) or a serialization failure
   * (40001) is rolled back and run again, up to {@link #MAX_ATTEMPTS} attempts in all, so {@code
   * work} must only touch the database and its own locals. Deadlocks should not happen at all
   * (every multi-row write locks token rows in id order); this is the backstop.
   */
  <T> T tx(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return once(work);
      } catch (StoreException e) {
        String state = sqlState(e);
        if (attempt >= MAX_ATTEMPTS || !isRetryable(state)) {
          throw e;
        }
        retried.incrementAndGet();
        LOG.warn(
            "store transaction aborted by the database (SQLState {}); attempt {} of {}",
            state,
            attempt + 1,
            MAX_ATTEMPTS);
        backoff(attempt);
      }
    }
  }

  static boolean isRetryable(String sqlState) {
    return "40P01".equals(sqlState) || "40001".equals(sqlState);
  }

  private static String sqlState(StoreException e) {
    return e.getCause() instanceof SQLException s ? s.getSQLState() : null;
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 1));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new StoreException("store: interrupted before retrying a transaction", ie);
    }
  }

  private <T> T once(Work<T> work) {
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
