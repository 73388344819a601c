package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.audit.AuditTail;
import dev.drawbridge.store.AuditEventRepository;
import dev.drawbridge.store.AuditEventRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships every record of this gateway's local audit log, once it is durable there, to the shared
 * {@code audit_events} table, in batches, in seq order. The local log stays the record of truth:
 * the shipper starts from the table's last seq for this gateway and reads older records back from
 * the segment files ({@link AuditTail}), so a restart, a full queue or a PostgreSQL outage only
 * delays shipping (retried with back-off, 100 ms doubling to 5 s) and loses nothing. Inserts are
 * idempotent, so re-shipping after a crash between insert and bookkeeping is harmless.
 */
final class SharedAuditShipper implements Consumer<AuditRecord>, AutoCloseable {
  static final int BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(SharedAuditShipper.class);

  private final String gatewayId;
  private final AuditLog log;
  private final AuditEventRepository table;
  private final BlockingQueue<AuditRecord> queue = new ArrayBlockingQueue<>(50_000);
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean overflow;
  private volatile long shipped = -1; // unknown until the table answered
  private volatile long drainUntil = Long.MAX_VALUE;
  private volatile boolean abandoned;

  SharedAuditShipper(String gatewayId, AuditLog log, AuditEventRepository table) {
    this.gatewayId = gatewayId;
    this.log = log;
    this.table = table;
    this.thread = new Thread(this::run, "drawbridge-audit-shipper");
    this.thread.setDaemon(true);
  }

  SharedAuditShipper start() {
    log.addListener(this);
    thread.start();
    return this;
  }

  /** Audit listener (writer thread): never blocks; a full queue is caught up from disk later. */
  @Override
  public void accept(AuditRecord r) {
    if (!queue.offer(r)) {
      overflow = true;
    }
  }

  /** The highest seq known to be in the shared table (-1 before the first contact). */
  long shippedSeq() {
    return shipped;
  }

  private void run() {
    long backoff = 100;
    while (!abandoned) {
      if (!running && shipped >= drainUntil) {
        return;
      }
      try {
        if (shipped < 0) {
          shipped = table.lastSeq(gatewayId);
          LOG.info("audit shipper {}: shared table holds seq {}", gatewayId, shipped);
        }
        List<AuditRecord> batch = next();
        if (!batch.isEmpty()) {
          table.insert(rows(batch));
          shipped = batch.get(batch.size() - 1).seq();
        }
        backoff = 100;
      } catch (RuntimeException | java.io.IOException e) {
        if (abandoned) {
          return;
        }
        LOG.warn(
            "audit shipping to the store failed; retrying in {} ms: {}", backoff, e.toString());
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  /** The next records after {@code shipped}: from the queue when contiguous, else from disk. */
  private List<AuditRecord> next() throws java.io.IOException {
    long head = log.lastSeq();
    AuditRecord first = null;
    try {
      first = queue.poll(running ? 50 : 0, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    while (first != null && first.seq() <= shipped) {
      first = queue.poll();
    }
    if (first == null && head <= shipped) {
      return List.of();
    }
    if (first != null && first.seq() == shipped + 1 && !overflow) {
      List<AuditRecord> batch = new ArrayList<>(BATCH);
      batch.add(first);
      AuditRecord r;
      while (batch.size() < BATCH && (r = queue.peek()) != null) {
        if (r.seq() != batch.get(batch.size() - 1).seq() + 1) {
          break;
        }
        batch.add(queue.poll());
      }
      return batch;
    }
    // a gap (restart, full queue): read the missing records back from the local log
    overflow = false;
    List<AuditRecord> fromDisk =
        AuditTail.read(log.directory().getParent(), shipped, Math.max(head, shipped), BATCH);
    return fromDisk; // a polled record not in this batch is re-read from disk next time
  }

  private List<AuditEventRow> rows(List<AuditRecord> batch) {
    List<AuditEventRow> rows = new ArrayList<>(batch.size());
    for (AuditRecord r : batch) {
      long t = AuditTail.timeMillis(r.fields());
      rows.add(
          new AuditEventRow(
              0,
              gatewayId,
              r.seq(),
              Instant.ofEpochMilli(Math.max(t, 0)),
              r.event(),
              text(r, "principal"),
              text(r, "app"),
              text(r, "decision"),
              r.json(),
              r.hash()));
    }
    return rows;
  }

  private static String text(AuditRecord r, String key) {
    Object v = r.fields().get(key);
    return v == null ? null : v.toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops after shipping what the local log holds, waiting at most {@code waitMs} (PostgreSQL may
   * be down: then the rest ships at the next start, from the local log).
   */
  void close(long waitMs) {
    drainUntil = log.lastSeq();
    running = false;
    log.removeListener(this);
    try {
      thread.join(waitMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      abandoned = true;
      thread.interrupt();
      LOG.warn(
          "audit shipper stopped at seq {} of {}; the rest ships at the next start",
          shipped,
          log.lastSeq());
    }
  }

  @Override
  public void close() {
    close(3000);
  }
}
