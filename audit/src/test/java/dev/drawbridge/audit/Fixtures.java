package dev.drawbridge.audit;

import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.AuditConfig.Durability;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private Fixtures() {}

  static AuditConfig strict() {
    return new AuditConfig(
        Durability.STRICT, Duration.ofMillis(200), 1000, Duration.ofHours(1), 1 << 20, null);
  }

  static AuditConfig batched(Duration window) {
    return new AuditConfig(Durability.BATCHED, window, 1000, Duration.ofHours(1), 1 << 20, null);
  }

  static AuditConfig smallSegments(int checkpointEvery) {
    return new AuditConfig(
        Durability.STRICT,
        Duration.ofMillis(200),
        checkpointEvery,
        Duration.ofHours(1),
        4096,
        null);
  }

  static Map<String, Object> access(String principal, String app, String decision) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", "access");
    e.put("request_id", "r-" + System.nanoTime());
    e.put("app", app);
    e.put("method", "GET");
    e.put("path", "/scm/net/edge.git/info/refs");
    e.put("principal", principal);
    e.put("principal_type", "user");
    e.put("src_ip", "10.1.2.3");
    e.put("decision", decision);
    e.put("reason", "allow".equals(decision) ? "policy_allowed" : "no_policy_matched");
    e.put("bytes_out", 1234);
    e.put("duration_ms", 1.5);
    return e;
  }

  /** Waits (polling, bounded) for something the writer thread does asynchronously. */
  static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10s");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
