package dev.drawbridge.bench;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.audit.EventFields;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.AuditConfig.Durability;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Audit writer throughput: access events per second through {@link AuditLog#append} in batched
 * durability (200 ms window, a signed checkpoint every 10,000 events, 64 MB segments), in a temp
 * dir. Each invocation appends {@value #BURST} events (the gateway's event loops append without
 * waiting) and waits for the last one, so the figure is bounded by the writer thread's per-event
 * work (normalize, chain hash, line encoding, index, listeners), not by the hand-off. The events
 * are the access event the gateway sends for an anonymous static file, with distinct request ids.
 *
 * <p>The machine may be shared, so each iteration also prints the writer thread's CPU time per
 * event ({@code ThreadMXBean}), which does not count waiting for a core or for fsync.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AuditAppend -f 1 -wi 2 -w 5 -i 3 -r 5}. A
 * fresh log per iteration keeps the disk use bounded (~0.6 KB per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class AuditAppendBenchmark {
  static final int BURST = 256;
  private static final int EVENTS = 1024;

  /**
   * The default (10,000); {@code -p checkpointEvery=1000000} leaves out nearly all Ed25519 signing.
   */
  @Param({"10000"})
  public int checkpointEvery;

  private List<Map<String, Object>> events;
  private Path dir;
  private AuditLog log;
  private int next;

  static Map<String, Object> accessEvent(String requestId) {
    // built as the gateway builds it (AuditRecorder): EventFields, keys added in order
    EventFields e = new EventFields(32);
    e.add("event", "access");
    e.add("time", "2026-11-29T10:00:00.123Z");
    e.add("request_id", requestId);
    e.add("app", "static");
    e.add("host", "localhost");
    e.add("method", "GET");
    e.add("path", "/index.html");
    e.add("principal", null);
    e.add("principal_type", "anonymous");
    e.add("credential_id", null);
    e.add("idp", null);
    e.add("amr", List.of());
    e.add("src_ip", "127.0.0.1");
    e.add("user_agent", "wrk");
    e.add("device", null);
    e.add("decision", "allow");
    e.add("reason", "bypass");
    e.add("policy", "public files");
    e.add("resource", null);
    e.add("action", "view");
    e.add("status", 200);
    e.add("bytes_out", 100L);
    e.add("duration_ms", 1L);
    e.add("credential_idle_days", null);
    e.add("new_network", false);
    return e;
  }

  @Setup(Level.Trial)
  public void events() {
    Random r = new Random(42);
    events = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      events.add(accessEvent(String.format("%016x%016x", r.nextLong(), r.nextLong())));
    }
  }

  @Setup(Level.Iteration)
  public void open() throws IOException {
    dir = Files.createTempDirectory("bench-audit");
    AuditConfig cfg =
        new AuditConfig(
            Durability.BATCHED,
            Duration.ofMillis(200),
            checkpointEvery,
            Duration.ofSeconds(10),
            64L << 20,
            null);
    log = AuditLog.open(dir, cfg, Clock.systemUTC());
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    long[] cpu = writerCpuNanos();
    long n = log.lastSeq();
    log.close();
    if (n > 0 && cpu != null) {
      System.out.printf(
          "  [writer thread CPU: %.2f us/event (user %.2f) over %d events]%n",
          cpu[0] / 1e3 / n, cpu[1] / 1e3 / n, n);
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** CPU time of this iteration's writer thread (contention-proof, unlike the throughput). */
  private static long[] writerCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("drawbridge-audit") && t.isAlive()) {
        return new long[] {mx.getThreadCpuTime(t.getId()), mx.getThreadUserTime(t.getId())};
      }
    }
    return null;
  }

  @Benchmark
  @OperationsPerInvocation(BURST)
  public long append() {
    CompletableFuture<AuditRecord> last = null;
    for (int i = 0; i < BURST; i++) {
      last = log.append(events.get(next));
      next = (next + 1) & (EVENTS - 1);
    }
    return last.join().seq();
  }
}
