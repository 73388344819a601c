package dev.drawbridge.config;

import java.net.URI;
import java.time.Duration;

/**
 * {@code audit:}. {@code batchWindow}: in batched mode, the longest time an event may wait before
 * it is on disk (the loss window). {@code webhook} may be null.
 */
public record AuditConfig(
    Durability durability,
    Duration batchWindow,
    int checkpointEvery,
    Duration checkpointInterval,
    long segmentBytes,
    URI webhook) {

  public enum Durability {
    STRICT,
    BATCHED
  }

  public static AuditConfig defaults() {
    return new AuditConfig(
        Durability.STRICT, Duration.ofMillis(200), 1000, Duration.ofSeconds(10), 64L << 20, null);
  }
}
