package dev.drawbridge.config;

import java.time.Duration;

/**
 * {@code store:}; {@code url} null means the embedded SQLite store in {@code data_dir}. {@code
 * maxStaleness} ({@code store.max_staleness}, a Drawbridge addition to SPEC §3): how long a gateway
 * on a shared store (PostgreSQL) keeps deciding from what it last read when it cannot read the
 * store's change feed. Beyond it, requests that a credential or session would allow get 503 (fail
 * closed): a revocation, lock or rotation made elsewhere cannot have reached this process.
 */
public record StoreConfig(String url, Duration maxStaleness) {
  /** The default of {@code store.max_staleness}: rides out a database restart or failover. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(15);

  public StoreConfig {
    if (maxStaleness == null || maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new IllegalArgumentException("store.max_staleness must be > 0: " + maxStaleness);
    }
  }

  public StoreConfig(String url) {
    this(url, DEFAULT_MAX_STALENESS);
  }

  public boolean embedded() {
    return url == null;
  }
}
