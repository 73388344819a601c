package dev.drawbridge.audit;

import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.AuditConfig.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread: drains the queue, chains and writes a batch in one write, forces once
 * (strict), calls listeners, then completes the batch's futures. Between batches it forces within
 * the batch window (batched) and writes checkpoints. On a write or force failure it fails the batch
 * and everything queued, reports unhealthy, and retries every {@code retryEvery} by reopening the
 * file and cutting it back to the last committed byte ({@link WriterHealth}). Segments are rotated
 * and pruned by {@link SegmentLifecycle}.
 */
final class AuditWriter implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int MAX_BATCH = 4096;
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  static final int LINGER_EVENTS = 512;
  static final long GATHER_STEP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
  static final long GATHER_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  static final int GATHER_EVENTS = 64;

  interface Task {}

  record Append(Map<String, Object> body, CompletableFuture<AuditRecord> future) implements Task {}

  /** Events one caller gathered (e.g. over one event-loop iteration), handed over at once. */
  record AppendAll(List<Append> appends) implements Task {}

  /** An append normalized on the writer thread, ready to be chained. */
  record Ready(EventEncoder.Body body, CompletableFuture<AuditRecord> future) {}

  record Control(Callable<?> action, CompletableFuture<Object> future) implements Task {}

  record Stop() implements Task {}

  final BlockingQueue<Task> queue;
  final List<Consumer<AuditRecord>> listeners = new CopyOnWriteArrayList<>();

  /** Run after each written batch, once its futures have completed. */
  final List<Runnable> batchListeners = new CopyOnWriteArrayList<>();

  final AtomicLong forces = new AtomicLong();
  final AtomicLong listenerErrors = new AtomicLong();

  /** Whether appends are accepted; read by {@link AuditLog} on any thread. */
  final WriterHealth health;

  volatile long headSeq;
  volatile String headHash;

  /** Written only on the writer thread ({@link #apply}); volatile for {@link #durability()}. */
  private volatile AuditConfig cfg;

  private final Clock clock;
  private final Checkpoints checkpoints;
  private final SegmentLifecycle segments;
  private final EventEncoder encoder = new EventEncoder();
  private final LineBuffer out = new LineBuffer(64 * 1024);
  private ActiveSegment seg;
  private String headSegment;
  private boolean dirty;
  private long lastForceMillis;
  private long eventsSinceCheckpoint;
  private long lastCheckpointMillis;

  AuditWriter(
      Path dir,
      AuditConfig cfg,
      Clock clock,
      LogFiles files,
      Checkpoints checkpoints,
      AuditIndex index,
      Recovery.Result opened,
      Duration retryEvery,
      int queueCapacity) {
    this.cfg = cfg;
    this.clock = clock;
    this.checkpoints = checkpoints;
    this.queue = new LinkedBlockingQueue<>(queueCapacity);
    this.health = new WriterHealth(queue, files, checkpoints, retryEvery);
    this.segments = new SegmentLifecycle(dir, clock, files, checkpoints, index);
    this.seg = opened.segment();
    this.headSeq = opened.headSeq();
    this.headHash = opened.headHash();
    this.headSegment = seg.name();
    this.lastForceMillis = clock.millis();
    this.lastCheckpointMillis = clock.millis();
  }

  @Override
  public void run() {
    List<Task> batch = new ArrayList<>();
    boolean running = true;
    while (running) {
      Task first;
      try {
        first = queue.poll(pollTimeoutMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!health.healthy && health.tryRecover(seg, headSeq)) {
        dirty = false;
      }
      try {
        running = handle(first, batch);
      } catch (RuntimeException e) {
        running = failed(batch, e);
      }
      batch.clear();
    }
    shutdown();
  }

  /** One turn of the loop: {@code first} (null after an idle poll) and what is queued behind it. */
  private boolean handle(Task first, List<Task> batch) {
    boolean running = true;
    if (first == null) {
      onIdle();
      return true;
    }
    batch.add(first);
    if ((first instanceof Append || first instanceof AppendAll) && health.healthy) {
      if (cfg.durability() == Durability.BATCHED) {
        linger();
      } else if (first instanceof Append) {
        gather();
      }
    }
    queue.drainTo(batch, MAX_BATCH - 1);
    List<Ready> appends = new ArrayList<>(batch.size());
    for (Task t : batch) {
      if (t instanceof Append a) {
        prepare(a, appends);
      } else if (t instanceof AppendAll all) {
        for (Append a : all.appends()) {
          prepare(a, appends);
        }
      }
    }
    if (!appends.isEmpty()) {
      writeBatch(appends);
    }
    for (Task t : batch) {
      if (t instanceof Control c) {
        runControl(c);
      } else if (t instanceof Stop) {
        running = false;
      }
    }
    if (health.healthy) {
      onIdle();
    }
    return running;
  }

  /**
   * An unexpected exception (a bug, or a file system that throws unchecked) while handling {@code
   * batch}: the writer must not die with responses waiting on it. Fails whatever of the batch is
   * not complete and turns unhealthy like a disk error, so the usual retry reopens the segment at
   * its last committed byte. False if the batch held the stop.
   */
  private boolean failed(List<Task> batch, RuntimeException e) {
    log.error("audit: the writer failed unexpectedly; failing closed until a retry works", e);
    health.markUnhealthy(e);
    AuditUnavailableException cause = WriterHealth.unavailable(e);
    boolean running = true;
    for (Task t : batch) {
      if (t instanceof Control c) {
        c.future().completeExceptionally(cause);
      } else if (t instanceof Stop) {
        running = false;
      } else {
        WriterHealth.failAppends(t, cause);
      }
    }
    return running;
  }

  private static void prepare(Append a, List<Ready> into) {
    try {
      into.add(new Ready(EventEncoder.prepare(a.body()), a.future()));
    } catch (IllegalArgumentException e) {
      a.future().completeExceptionally(e);
    }
  }

  /**
   * Batched mode: lets a batch gather for a moment before writing it (at most {@link
   * #LINGER_NANOS}, or a quarter of the batch window if that is shorter; less once {@link
   * #LINGER_EVENTS} are queued). Appenders are not woken per event and one write carries many
   * events. Appenders in batched mode do not wait for the write, so this adds no latency to them;
   * it is part of the loss window a crash of the process can cost.
   */
  private void linger() {
    long until = System.nanoTime() + Math.min(LINGER_NANOS, cfg.batchWindow().toNanos() / 4);
    long left;
    while (queue.size() < LINGER_EVENTS && (left = until - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, Math.min(left, LINGER_NANOS / 4));
    }
  }

  /**
   * Strict mode group commit: while appends keep arriving (checked every {@link
   * #GATHER_STEP_NANOS}), waits for more of them before writing and forcing, up to {@link
   * #GATHER_MAX_NANOS} or {@link #GATHER_EVENTS}. A force costs the same for 1 event as for 100
   * (and CPU in the kernel and the journal thread, on the cores the gateway uses), so fewer, fuller
   * forces serve more requests. A lone client waits at most one step more.
   */
  private void gather() {
    int seen = queue.size();
    long until = System.nanoTime() + GATHER_MAX_NANOS;
    while (seen < GATHER_EVENTS && until - System.nanoTime() > 0) {
      LockSupport.parkNanos(this, GATHER_STEP_NANOS);
      int now = queue.size();
      if (now == seen) {
        return;
      }
      seen = now;
    }
  }

  Durability durability() {
    return cfg.durability();
  }

  /**
   * On the writer thread, between batches: takes new settings. Events already written under batched
   * durability are forced first when switching to strict, so that from here on everything before a
   * strict event is durable too.
   */
  void apply(AuditConfig next) throws IOException {
    if (next.durability() == Durability.STRICT && dirty && health.healthy) {
      try {
        forceSegment();
      } catch (IOException e) {
        health.markUnhealthy(e); // as any failed force: the retry reopens at the committed byte
        throw e;
      }
    }
    cfg = next;
  }

  private long pollTimeoutMillis() {
    if (!health.healthy) {
      return health.retryMillis();
    }
    if (dirty) {
      return Math.max(1, Math.min(cfg.batchWindow().toMillis() / 4, 50));
    }
    return 200;
  }

  private void onIdle() {
    if (!health.healthy) {
      return;
    }
    if (dirty && clock.millis() - lastForceMillis >= cfg.batchWindow().toMillis()) {
      try {
        forceSegment();
      } catch (IOException e) {
        health.markUnhealthy(e);
        return;
      }
    }
    maybeCheckpoint(false);
  }

  private void writeBatch(List<Ready> appends) {
    if (!health.healthy) {
      WriterHealth.failAll(appends, health.lastError);
      return;
    }
    try {
      if (seg.events > 0 && seg.committed >= cfg.segmentBytes()) {
        rotate();
      }
    } catch (IOException e) {
      health.markUnhealthy(e);
      WriterHealth.failAll(appends, e);
      return;
    }
    LineBuffer buf = out;
    buf.reset(4 << 20);
    long start = seg.committed;
    if (seg.committed == 0) {
      Map<String, Object> h = SegmentFiles.header(seg.number, seg.prevSeq, seg.prevHash);
      try {
        byte[] header =
            (AuditJson.LINE.writeValueAsString(h) + "\n").getBytes(StandardCharsets.UTF_8);
        buf.reserve(header.length);
        System.arraycopy(header, 0, buf.bytes, 0, header.length);
        buf.length = header.length;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    String now = AuditJson.formatMillis(clock.millis());
    long seq = headSeq;
    String prev = headHash;
    List<AuditRecord> records = new ArrayList<>(appends.size());
    List<CompletableFuture<AuditRecord>> futures = new ArrayList<>(appends.size());
    long[] offsets = new long[appends.size()];
    int[] lengths = new int[appends.size()];
    for (Ready r : appends) {
      int lineStart = buf.length;
      EventEncoder.Encoded e;
      try {
        e = encoder.encode(seq + 1, now, r.body(), prev, buf);
      } catch (IllegalArgumentException x) {
        buf.length = lineStart; // not valid after all (found while encoding): no seq spent
        r.future().completeExceptionally(x);
        continue;
      }
      seq++;
      offsets[records.size()] = start + lineStart;
      lengths[records.size()] = buf.length - lineStart;
      records.add(new AuditRecord(seq, e.fields(), e.json()));
      futures.add(r.future());
      prev = e.hash();
    }
    if (records.isEmpty()) {
      return; // (a new segment's header goes out with its first event)
    }
    int written = buf.length;
    try {
      seg.file.write(ByteBuffer.wrap(buf.bytes, 0, written));
      if (cfg.durability() == Durability.STRICT) {
        seg.file.force();
        forces.incrementAndGet();
        lastForceMillis = clock.millis();
      } else {
        dirty = true;
      }
    } catch (IOException | RuntimeException e) {
      health.markUnhealthy(e);
      WriterHealth.failAll(appends, e);
      return;
    }
    seg.committed += written;
    seg.events += records.size();
    eventsSinceCheckpoint += records.size();
    headSeq = seq;
    headHash = prev;
    headSegment = seg.name();
    for (int i = 0; i < records.size(); i++) {
      AuditRecord r = records.get(i);
      seg.index.add(r.seq(), r.hash(), r.fields(), offsets[i], lengths[i]);
    }
    // Listeners (detection) run before the futures complete, so that a lock a rule raises on
    // this event is in force before the response that the event belongs to is sent.
    for (AuditRecord r : records) {
      for (Consumer<AuditRecord> l : listeners) {
        try {
          l.accept(r);
        } catch (RuntimeException e) {
          if (listenerErrors.getAndIncrement() % 1000 == 0) {
            log.warn("audit listener {} failed on seq {}: {}", l, r.seq(), e.toString());
          }
        }
      }
    }
    for (int i = 0; i < records.size(); i++) {
      futures.get(i).complete(records.get(i));
    }
    for (Runnable r : batchListeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        listenerErrors.incrementAndGet();
        log.warn("audit batch listener {} failed: {}", r, e.toString());
      }
    }
  }

  private void forceSegment() throws IOException {
    seg.file.force();
    forces.incrementAndGet();
    dirty = false;
    lastForceMillis = clock.millis();
  }

  /** Forces the full segment if needed, then continues the chain in a new one. */
  private void rotate() throws IOException {
    if (dirty) {
      forceSegment();
    }
    seg = segments.rotate(seg, headSeq, headHash);
  }

  /** {@link Checkpoints#listeners}. */
  List<Consumer<String>> checkpointListeners() {
    return checkpoints.listeners;
  }

  void maybeCheckpoint(boolean always) {
    if (eventsSinceCheckpoint == 0 || !health.healthy) {
      return;
    }
    long now = clock.millis();
    if (!always
        && eventsSinceCheckpoint < cfg.checkpointEvery()
        && now - lastCheckpointMillis < cfg.checkpointInterval().toMillis()) {
      return;
    }
    try {
      if (dirty) {
        forceSegment();
      }
      checkpoints.append(headSeq, headHash, clock.instant(), headSegment, false);
      eventsSinceCheckpoint = 0;
      lastCheckpointMillis = now;
    } catch (IOException e) {
      health.markUnhealthy(e);
    }
  }

  /** On the writer thread (a {@link Control}): see {@link SegmentLifecycle#prune}. */
  void prune(long beforeSeq) throws IOException {
    segments.prune(beforeSeq);
  }

  private void runControl(Control c) {
    try {
      c.future().complete(c.action().call());
    } catch (Exception e) {
      c.future().completeExceptionally(e);
    }
  }

  private void shutdown() {
    if (health.healthy) {
      try {
        if (dirty) {
          forceSegment();
        }
      } catch (IOException e) {
        health.markUnhealthy(e);
      }
      maybeCheckpoint(true);
    }
    try {
      seg.file.close();
      checkpoints.close();
    } catch (IOException e) {
      log.warn("audit: closing files failed: {}", e.toString());
    }
    List<Task> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (Task t : rest) {
      IllegalStateException closed = new IllegalStateException("audit log closed");
      if (!WriterHealth.failAppends(t, closed) && t instanceof Control c) {
        c.future().completeExceptionally(closed);
      }
    }
  }
}
