package dev.drawbridge.audit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the writer accepts appends, and failing closed while the disk fails: a failed write,
 * force, rotation or checkpoint fails everything queued (and the batch in hand) with {@link
 * AuditUnavailableException} and makes the writer unhealthy, so that new appends fail at once;
 * every {@code retryEvery} it reopens the active segment, cuts it back to the last committed byte
 * (and the checkpoint file likewise) and, when that works, is healthy again. Changed only on the
 * writer thread; {@link #healthy} and {@link #lastError} are read by any thread.
 */
final class WriterHealth {
  /** The writer's logger: these messages are the writer thread's, as before they moved here. */
  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

  /** False while writes fail; appends then fail at once. */
  volatile boolean healthy = true;

  /** The failure that made the writer unhealthy (or the last failed retry), null while healthy. */
  volatile Throwable lastError;

  private final BlockingQueue<AuditWriter.Task> queue;
  private final LogFiles files;
  private final Checkpoints checkpoints;
  private final Duration retryEvery;
  private long nextRetryNanos;

  WriterHealth(
      BlockingQueue<AuditWriter.Task> queue,
      LogFiles files,
      Checkpoints checkpoints,
      Duration retryEvery) {
    this.queue = queue;
    this.files = files;
    this.checkpoints = checkpoints;
    this.retryEvery = retryEvery;
  }

  /** How long the writer waits for a task while unhealthy: {@code retryEvery} (at least 1 ms). */
  long retryMillis() {
    return Math.max(1, retryEvery.toMillis());
  }

  /**
   * After a failed write, force, rotation or checkpoint: refuses appends from now on and fails the
   * queued ones (control tasks are queued again).
   */
  void markUnhealthy(Throwable e) {
    if (healthy) {
      log.error(
          "audit: disk write failed; refusing appends until it works again: {}", e.toString());
    }
    healthy = false;
    lastError = e;
    nextRetryNanos = System.nanoTime() + retryEvery.toNanos();
    List<AuditWriter.Task> queued = new ArrayList<>();
    queue.drainTo(queued);
    for (AuditWriter.Task t : queued) {
      if (!failAppends(t, unavailable(e)) && !queue.offer(t)) {
        log.warn("audit: dropped a control task while failing");
      }
    }
  }

  /**
   * While unhealthy, once {@code retryEvery} has passed: reopens {@code seg}'s file, cuts it back
   * to its committed length and forces it, recovers the checkpoint file, and turns healthy. Returns
   * true if it did (nothing written is then left unforced); false if it is not time yet or the
   * retry failed (retried again after {@code retryEvery}). {@code headSeq} is for the log message.
   */
  boolean tryRecover(ActiveSegment seg, long headSeq) {
    if (System.nanoTime() < nextRetryNanos) {
      return false;
    }
    try {
      try {
        seg.file.close();
      } catch (IOException ignored) {
        // the old handle may be broken
      }
      seg.file = files.open(seg.path);
      seg.file.truncate(seg.committed);
      seg.file.force();
      checkpoints.recover();
      healthy = true;
      lastError = null;
      log.info("audit: disk writes work again; accepting appends from seq {}", headSeq + 1);
      return true;
    } catch (IOException | RuntimeException e) {
      lastError = e;
      nextRetryNanos = System.nanoTime() + retryEvery.toNanos();
      return false;
    }
  }

  /** Fails the futures of {@code t} if it is an append (or a group of them); true if it was. */
  static boolean failAppends(AuditWriter.Task t, Throwable cause) {
    if (t instanceof AuditWriter.Append a) {
      a.future().completeExceptionally(cause);
    } else if (t instanceof AuditWriter.AppendAll all) {
      for (AuditWriter.Append a : all.appends()) {
        a.future().completeExceptionally(cause);
      }
    } else {
      return false;
    }
    return true;
  }

  /** Fails every append of a batch that could not be written. */
  static void failAll(List<AuditWriter.Ready> appends, Throwable cause) {
    AuditUnavailableException ex = unavailable(cause);
    for (AuditWriter.Ready a : appends) {
      a.future().completeExceptionally(ex);
    }
  }

  static AuditUnavailableException unavailable(Throwable cause) {
    return new AuditUnavailableException(
        "audit log unavailable: " + (cause == null ? "unknown error" : cause.toString()), cause);
  }
}
