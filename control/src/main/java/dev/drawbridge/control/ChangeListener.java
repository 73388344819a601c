package dev.drawbridge.control;

import dev.drawbridge.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on {@code drawbridge_changes} (PostgreSQL only) on a dedicated connection and calls
 * {@code onNotify} as soon as a notification arrives, and once after every (re)connect so that
 * whatever was missed while disconnected is read. Reconnects by itself with back-off (250 ms
 * doubling to 5 s). It only triggers; the periodic poll of the change feed remains the
 * reconciliation that heals a lost notification.
 */
final class ChangeListener implements AutoCloseable {
  static final String CHANNEL = "drawbridge_changes";
  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
  private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Store store;
  private final Runnable onNotify;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection current;
  private volatile boolean connected;

  ChangeListener(Store store, Runnable onNotify) {
    this.store = store;
    this.onNotify = onNotify;
    this.thread = new Thread(this::run, "drawbridge-change-listener");
    this.thread.setDaemon(true);
  }

  ChangeListener start() {
    thread.start();
    return this;
  }

  /** True while a LISTEN connection is open. */
  boolean connected() {
    return connected;
  }

  private void run() {
    long backoff = MIN_BACKOFF.toMillis();
    while (running) {
      try (Connection c = store.connectDirect()) {
        current = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        connected = true;
        backoff = MIN_BACKOFF.toMillis();
        LOG.info("listening for store changes");
        onNotify.run(); // catch up on anything sent while we were not listening
        while (running) {
          PGNotification[] n = pg.getNotifications(500);
          if (n != null && n.length > 0) {
            onNotify.run();
          } else if (c.isClosed()) {
            throw new SQLException("listener connection closed");
          }
        }
      } catch (SQLException | RuntimeException e) {
        connected = false;
        if (!running) {
          return;
        }
        LOG.warn(
            "change listener lost its connection; reconnecting in {} ms: {}",
            backoff,
            e.toString());
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
      } finally {
        connected = false;
        current = null;
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    Connection c = current;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
