package dev.drawbridge.audit;

import dev.drawbridge.config.AuditConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The durable, hash-chained audit log in {@code <dataDir>/audit/}. One writer thread; {@link
 * #append} is safe from any thread and never blocks on disk. See {@code package-info} for the file
 * formats and guarantees.
 */
public final class AuditLog implements AutoCloseable {
  static final int QUEUE_CAPACITY = 100_000;

  private final Path dir;
  private final AuditWriter writer;
  private final WriterHealth health;
  private final AuditIndex index;
  private final Thread thread;
  private volatile boolean closed;

  private AuditLog(Path dir, AuditWriter writer, AuditIndex index) {
    this.dir = dir;
    this.writer = writer;
    this.health = writer.health;
    this.index = index;
    this.thread = new Thread(writer, "drawbridge-audit-writer");
    this.thread.setDaemon(true);
  }

  public static AuditLog open(Path dataDir, AuditConfig cfg, Clock clock) throws IOException {
    return open(dataDir, cfg, clock, LogFiles.standard());
  }

  /** As {@link #open(Path, AuditConfig, Clock)}, writing through {@code files} (a test seam). */
  public static AuditLog open(Path dataDir, AuditConfig cfg, Clock clock, LogFiles files)
      throws IOException {
    return open(dataDir, cfg, clock, files, Duration.ofSeconds(1));
  }

  static AuditLog open(
      Path dataDir, AuditConfig cfg, Clock clock, LogFiles files, Duration retryEvery)
      throws IOException {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    validate(Objects.requireNonNull(cfg, "cfg"));
    Path dir = dataDir.resolve("audit");
    Files.createDirectories(dir);
    KeyPair keys = CheckpointKeys.loadOrCreate(dir);
    Recovery.Result opened = Recovery.open(dir, files);
    AuditIndex index = new AuditIndex();
    for (Path p : opened.closed()) {
      index.addClosed(p, null);
    }
    index.setActive(opened.segment().path, opened.segment().index);
    Checkpoints checkpoints = new Checkpoints(dir, files, keys.getPrivate());
    AuditWriter w =
        new AuditWriter(
            dir, cfg, clock, files, checkpoints, index, opened, retryEvery, QUEUE_CAPACITY);
    AuditLog logInstance = new AuditLog(dir, w, index);
    logInstance.thread.start();
    return logInstance;
  }

  private static void validate(AuditConfig c) {
    require(c.durability() != null, "audit.durability: null (expected: strict or batched)");
    require(
        c.batchWindow() != null && !c.batchWindow().isNegative() && !c.batchWindow().isZero(),
        "audit.batch_window: " + c.batchWindow() + " (expected: > 0)");
    require(c.checkpointEvery() > 0, "audit.checkpoint_every: " + c.checkpointEvery() + " (> 0)");
    require(
        c.checkpointInterval() != null && !c.checkpointInterval().isNegative(),
        "audit.checkpoint_interval: " + c.checkpointInterval() + " (expected: >= 0)");
    require(c.segmentBytes() >= 4096, "audit.segment_bytes: " + c.segmentBytes() + " (>= 4096)");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Appends an event (a JSON-serializable map with a string {@code event}). The writer assigns
   * {@code seq}, {@code time} (if absent), {@code prev_hash} and {@code hash}. The future completes
   * on the writer thread once the event is durable (strict) or written to the OS (batched); it
   * fails with {@link AuditUnavailableException} while the disk fails, and with {@link
   * IllegalArgumentException} for an event that is not valid.
   */
  public CompletableFuture<AuditRecord> append(Map<String, Object> event) {
    RuntimeException refused = refusal(event);
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    // Normalization (EventEncoder.prepare) runs on the writer thread, not on the caller's event
    // loop.
    CompletableFuture<AuditRecord> f = new CompletableFuture<>();
    if (!writer.queue.offer(new AuditWriter.Append(event, f))) {
      return CompletableFuture.failedFuture(overloaded());
    }
    return f;
  }

  /**
   * Appends an event without a future of its own, for a caller that does not wait for the write
   * (batched durability): null once the event is queued, else why it was refused at once (as {@link
   * #append} would fail: closed, failing disk, queue full, no event name). An event lost after this
   * (a failing disk, an invalid value) is counted by {@code lost}. Saves the caller a future and a
   * callback per event, and the writer a completion per event.
   */
  public RuntimeException offer(Map<String, Object> event, LossCounter lost) {
    RuntimeException refused = refusal(event);
    if (refused != null) {
      return refused;
    }
    if (!writer.queue.offer(new AuditWriter.Append(event, Objects.requireNonNull(lost, "lost")))) {
      return overloaded();
    }
    return null;
  }

  /**
   * Appends events that one caller gathered, in order, in one hand-off to the writer (one queue
   * slot, one wake-up): {@code futures.get(i)} completes as {@link #append} of {@code
   * events.get(i)} would.
   */
  public void appendAll(
      List<Map<String, Object>> events, List<CompletableFuture<AuditRecord>> futures) {
    List<AuditWriter.Append> all = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      RuntimeException refused = refusal(events.get(i));
      if (refused != null) {
        futures.get(i).completeExceptionally(refused);
      } else {
        all.add(new AuditWriter.Append(events.get(i), futures.get(i)));
      }
    }
    if (!all.isEmpty() && !writer.queue.offer(new AuditWriter.AppendAll(all))) {
      AuditUnavailableException e = overloaded();
      for (AuditWriter.Append a : all) {
        a.future().completeExceptionally(e);
      }
    }
  }

  /** Why an append of {@code event} fails at once (closed, failing disk, no name), or null. */
  private RuntimeException refusal(Map<String, Object> event) {
    if (closed) {
      return new IllegalStateException("audit log closed");
    }
    if (!health.healthy) {
      return WriterHealth.unavailable(health.lastError);
    }
    if (event == null || !(event.get("event") instanceof String name) || name.isBlank()) {
      return new IllegalArgumentException("event: missing (expected: a non-empty string)");
    }
    return null;
  }

  private static AuditUnavailableException overloaded() {
    return new AuditUnavailableException("audit log overloaded: queue full", null);
  }

  /**
   * The event as it will be read back: serialized and parsed once ("numbers as parsed"). The writer
   * thread normalizes with {@link EventValues}, which gives the same values without the round trip,
   * and calls this only for what that does not handle (and tests use it as the reference). The
   * caller must not change the map after {@link #append}.
   */
  static Map<String, Object> normalize(Map<String, Object> event) {
    try {
      LinkedHashMap<String, Object> m = AuditJson.parse(AuditJson.LINE.writeValueAsBytes(event));
      if (m.get("time") != null && !(m.get("time") instanceof String)) {
        throw new IllegalArgumentException("time: " + m.get("time") + " (expected: RFC 3339)");
      }
      return m;
    } catch (IOException e) {
      throw new IllegalArgumentException("event is not JSON-serializable: " + e.getMessage(), e);
    }
  }

  /** An event time as the log writes it ({@code 2026-11-30T10:00:00.000Z}, UTC, ms). */
  public static String formatTime(long epochMillis) {
    return AuditJson.formatMillis(epochMillis);
  }

  /** Called on the writer thread, after durability, for every record in order. */
  public void addListener(Consumer<AuditRecord> listener) {
    writer.listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Called on the writer thread after each written batch, once the batch's futures have completed
   * (e.g. to wake threads that those completions queued work for, once per batch).
   */
  public void addBatchListener(Runnable listener) {
    writer.batchListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Told every signed checkpoint line (exactly as in {@code checkpoints.jsonl}, without the
   * newline) on the writer thread once it is on disk, to keep a copy outside the data directory
   * (SPEC §2): must not block; hand the line to a queue.
   */
  public void addCheckpointListener(Consumer<String> listener) {
    writer.checkpointListeners().add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(Consumer<AuditRecord> listener) {
    writer.listeners.remove(listener);
  }

  /** Closed segments' indexes held in memory (bounded; for tests). */
  int cachedIndexes() {
    return index.cached();
  }

  /** Access events matching {@code q}, oldest first. Reads only the indexed matching lines. */
  public List<Map<String, Object>> query(AuditQuery q) {
    try {
      return index.query(Objects.requireNonNull(q, "query"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Deletes whole closed segments whose every event is before {@code beforeSeq}, after writing a
   * signed {@code pruned} checkpoint naming the last deleted seq and hash, so that {@link
   * AuditVerifier} still verifies the rest from the first kept segment's header.
   */
  public void prune(long beforeSeq) {
    CompletableFuture<Object> f = new CompletableFuture<>();
    try {
      writer.queue.put(
          new AuditWriter.Control(
              () -> {
                writer.prune(beforeSeq);
                return null;
              },
              f));
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pruning", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new CompletionException(e.getCause());
    }
  }

  /**
   * Applies new settings (durability, batch window, checkpoint interval and count, segment size) on
   * the writer thread, between batches. Returns true once they are in force, so that appends made
   * after it see them; false if the writer did not get to them within {@code timeout} (a disk that
   * hangs), in which case they are dropped and never applied later. The webhook is not the log's:
   * the caller wires sinks.
   */
  public boolean reconfigure(AuditConfig next, Duration timeout) throws InterruptedException {
    validate(Objects.requireNonNull(next, "cfg"));
    AtomicInteger state = new AtomicInteger(); // 0 waiting, 1 applied, 2 given up
    CompletableFuture<Object> f = new CompletableFuture<>();
    AuditWriter.Control c =
        new AuditWriter.Control(
            () -> {
              if (state.compareAndSet(0, 1)) {
                writer.apply(next);
              }
              return null;
            },
            f);
    if (closed || !writer.queue.offer(c)) {
      throw new IllegalStateException(closed ? "audit log closed" : "audit queue full");
    }
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return !state.compareAndSet(0, 2);
    } catch (ExecutionException e) {
      throw new IllegalStateException("applying audit settings failed: " + e.getCause(), e);
    }
    return true;
  }

  public AuditConfig.Durability durability() {
    return writer.durability();
  }

  /** False while writes fail; appends then fail at once. Recovers by itself. */
  public boolean healthy() {
    return health.healthy;
  }

  /** The failure that made the log unhealthy, or null while healthy. */
  public Throwable lastError() {
    return health.lastError;
  }

  /** The seq of the last committed event (0 when empty). */
  public long lastSeq() {
    return writer.headSeq;
  }

  public String lastHash() {
    return writer.headHash;
  }

  /** How many fsyncs of segment files the writer has made. */
  public long fsyncs() {
    return writer.forces.get();
  }

  /** How many times a listener threw. */
  public long listenerErrors() {
    return writer.listenerErrors.get();
  }

  public Path directory() {
    return dir;
  }

  /** Drains the queue, forces, writes a final checkpoint and stops the writer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.queue.put(new AuditWriter.Stop());
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
