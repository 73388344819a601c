package dev.drawbridge.audit;

import static dev.drawbridge.audit.Fixtures.access;

import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.AuditConfig.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A rough measurement, not a test: {@code mvn -pl audit test -Dtest=AuditThroughputMeasurement
 * -Daudit.measure=true}. 64 appenders, each waiting for its own future, for a few seconds per mode;
 * then an indexed query against a full read of the log.
 */
@EnabledIfSystemProperty(named = "audit.measure", matches = "true")
class AuditThroughputMeasurement {
  @Test
  void measure() throws Exception {
    Path base = Path.of(System.getProperty("audit.dir", "target/measure"));
    for (Durability d : List.of(Durability.STRICT, Durability.BATCHED)) {
      Path data = Files.createDirectories(base.resolve(d.name().toLowerCase()));
      AuditConfig cfg =
          new AuditConfig(d, Duration.ofMillis(200), 1000, Duration.ofSeconds(10), 8L << 20, null);
      try (AuditLog log = AuditLog.open(data, cfg, Clock.systemUTC())) {
        run(log, 64, Duration.ofSeconds(2)); // warm-up
        long seq0 = log.lastSeq();
        long f0 = log.fsyncs();
        long t = run(log, 64, Duration.ofSeconds(4));
        long n = log.lastSeq() - seq0;
        System.out.printf(
            "%s: %d appends in %d ms = %.0f/s, %d fsyncs (%.1f events per fsync)%n",
            d,
            n,
            t,
            n * 1000.0 / t,
            log.fsyncs() - f0,
            n / (double) Math.max(1, log.fsyncs() - f0));
        long q0 = System.nanoTime();
        List<Map<String, Object>> rows =
            log.query(new AuditQuery("rare@corp.example", null, null, null, null, 0));
        long q1 = System.nanoTime();
        System.out.printf(
            "  indexed query for a rare principal: %d rows in %.1f ms (log: %d events)%n",
            rows.size(), (q1 - q0) / 1e6, log.lastSeq());
      }
      long s0 = System.nanoTime();
      long[] count = {0};
      for (Path seg : SegmentFiles.list(data.resolve("audit"))) {
        SegmentFiles.readLines(
            seg,
            l -> {
              Map<String, Object> m = SegmentFiles.tryParse(l.bytes());
              if (m != null && "rare@corp.example".equals(m.get("principal"))) {
                count[0]++;
              }
              return true;
            });
      }
      System.out.printf(
          "  full scan for the same: %d rows in %.1f ms%n",
          count[0], (System.nanoTime() - s0) / 1e6);
      VerifyResult v = AuditVerifier.verify(data);
      System.out.printf("  verify: ok=%s verified=%d%n", v.ok(), v.verified());
    }
  }

  private static long run(AuditLog log, int threads, Duration d) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong rare = new AtomicLong();
    List<Future<?>> fs = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      fs.add(
          pool.submit(
              () -> {
                while (!stop.get()) {
                  String who =
                      rare.incrementAndGet() % 5000 == 0 ? "rare@corp.example" : "ana@corp.example";
                  log.append(access(who, "git", "allow")).join();
                }
                return null;
              }));
    }
    Thread.sleep(d.toMillis());
    stop.set(true);
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
