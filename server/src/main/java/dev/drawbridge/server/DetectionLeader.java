package dev.drawbridge.server;

import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.audit.AuditTail;
import dev.drawbridge.store.AuditEventRepository;
import dev.drawbridge.store.AuditEventRow;
import dev.drawbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection over the events of every gateway (scale-out). Each gateway runs one; exactly one at a
 * time leads: the one holding the PostgreSQL session advisory lock {@link #LOCK_KEY} on its own
 * dedicated connection. The leader reads the shared {@code audit_events} table in ingestion (id)
 * order, page by page, sorts each page by (time, gateway_id, seq) and feeds the access events to
 * {@code detection} (the {@link DetectionBridge}: alert, lock through LockService). After each page
 * it advances the shared cursor with compare-and-set; if that fails, another leader moved it and
 * this one steps down. The others stand by, retrying the lock every {@link #STANDBY_MS}; when the
 * leader dies or loses its connection, PostgreSQL releases the lock and one of them takes over from
 * the stored cursor (correlation windows then start afresh: see docs/SCALE-OUT.md).
 */
final class DetectionLeader implements AutoCloseable {
  static final long LOCK_KEY = 0x64627264L; // "dbrd"
  static final String CURSOR = "detection";
  static final long STANDBY_MS = 500;
  static final long IDLE_MS = 20;
  static final int PAGE = 500;
  private static final Logger LOG = LoggerFactory.getLogger(DetectionLeader.class);

  private final Store store;
  private final AuditEventRepository table;
  private final Consumer<AuditRecord> detection;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean leading;
  private volatile Connection lockConnection;

  DetectionLeader(Store store, Consumer<AuditRecord> detection) {
    this.store = store;
    this.table = store.auditEvents();
    this.detection = detection;
    this.thread = new Thread(this::run, "drawbridge-detection-leader");
    this.thread.setDaemon(true);
  }

  DetectionLeader start() {
    thread.start();
    return this;
  }

  boolean leading() {
    return leading;
  }

  private void run() {
    while (running) {
      try (Connection c = store.connectDirect()) {
        lockConnection = c;
        if (tryLock(c)) {
          leading = true;
          LOG.info("detection leader: this gateway now runs detection over all gateways");
          lead(c);
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warn("detection leader election failed; retrying: {}", e.toString());
        }
      } finally {
        if (leading) {
          LOG.info("detection leader: stepped down");
        }
        leading = false;
        lockConnection = null;
      }
      sleep(STANDBY_MS);
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, LOCK_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Consumes the table while the lock connection is alive and the cursor is ours. */
  private void lead(Connection c) throws SQLException {
    Long cursor = table.cursor(CURSOR).orElse(null);
    long lastCheck = 0;
    while (running) {
      long now = System.nanoTime();
      if (now - lastCheck > 1_000_000_000L) {
        if (!c.isValid(2)) {
          throw new SQLException("lost the leader connection (the lock went with it)");
        }
        lastCheck = now;
      }
      List<AuditEventRow> page = table.since(cursor == null ? 0 : cursor, PAGE);
      if (page.isEmpty()) {
        sleep(IDLE_MS);
        continue;
      }
      long next = page.get(page.size() - 1).id();
      List<AuditEventRow> sorted = new ArrayList<>(page);
      sorted.sort(
          Comparator.comparing(AuditEventRow::time)
              .thenComparing(AuditEventRow::gatewayId)
              .thenComparingLong(AuditEventRow::seq));
      // claim the page first: a leader that lost the lock unnoticed cannot act on it twice
      if (!table.advance(CURSOR, cursor, next)) {
        LOG.warn("detection cursor moved by another leader; stepping down");
        return;
      }
      cursor = next;
      for (AuditEventRow r : sorted) {
        if (!"access".equals(r.event())) {
          continue;
        }
        try {
          detection.accept(AuditTail.parse(r.json()));
        } catch (java.io.IOException | RuntimeException e) {
          LOG.warn("detection skipped {}#{}: {}", r.gatewayId(), r.seq(), e.toString());
        }
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
    thread.interrupt();
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Connection c = lockConnection;
    if (c != null) {
      try {
        c.close(); // releases the advisory lock at once
      } catch (SQLException e) {
        // closing anyway
      }
    }
  }
}
