package dev.drawbridge.config;

import java.net.URI;
import java.time.Duration;

/**
 * {@code audit:}. {@code batchWindow}: in batched mode, the longest time an event may wait before
 * it is on disk (the loss window). A signed checkpoint is written every {@code checkpointEvery}
 * events or {@code checkpointInterval}, whichever comes first (defaults 10,000 and 10 s: an Ed25519
 * signature costs about as much as encoding a few hundred events, so one per 1,000 events took a
 * quarter of the writer's CPU under load). {@code webhook} may be null.
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
        Durability.STRICT, Duration.ofMillis(200), 10_000, Duration.ofSeconds(10), 64L << 20, null);
  }
}
