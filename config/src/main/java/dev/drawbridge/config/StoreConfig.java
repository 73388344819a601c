package dev.drawbridge.config;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * {@code store:}; {@code url} null means the embedded SQLite store in {@code data_dir}. {@code
 * maxStaleness} ({@code store.max_staleness}, a Drawbridge addition to SPEC §3): how long a gateway
 * on a shared store (PostgreSQL) keeps deciding from what it last read when it cannot read the
 * store's change feed. Beyond it, requests that a credential or session would allow get 503 (fail
 * closed): a revocation, lock or rotation made elsewhere cannot have reached this process. {@code
 * encryptionKey} ({@code store.encryption_key}, also a Drawbridge addition; null when not set): 32
 * bytes, in base64, that seal the assertion signing keys kept in PostgreSQL, so that whoever can
 * read the database (a backup, a replica) cannot sign assertions. {@code previousEncryptionKey}
 * ({@code store.previous_encryption_key}): while changing the key, what it sealed is still opened
 * and sealed again with the new one. Neither key nor the URL, which may hold a password, appears in
 * {@link #toString}.
 */
public record StoreConfig(
    String url, Duration maxStaleness, String encryptionKey, String previousEncryptionKey) {
  /** The default of {@code store.max_staleness}: rides out a database restart or failover. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(15);

  public StoreConfig {
    if (maxStaleness == null || maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new IllegalArgumentException("store.max_staleness must be > 0: " + maxStaleness);
    }
  }

  public StoreConfig(String url) {
    this(url, DEFAULT_MAX_STALENESS, null, null);
  }

  public StoreConfig(String url, Duration maxStaleness) {
    this(url, maxStaleness, null, null);
  }

  /** The 32 bytes of {@link #encryptionKey}, or null. */
  public byte[] encryptionKeyBytes() {
    return encryptionKey == null ? null : decodeKey(encryptionKey);
  }

  /** The 32 bytes of {@link #previousEncryptionKey}, or null. */
  public byte[] previousEncryptionKeyBytes() {
    return previousEncryptionKey == null ? null : decodeKey(previousEncryptionKey);
  }

  /** 32 bytes from standard or URL-safe base64 (padding optional); null if it is not that. */
  static byte[] decodeKey(String base64) {
    String t = base64.trim();
    for (Base64.Decoder d : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
      try {
        byte[] b = d.decode(t);
        if (b.length == 32) {
          return b;
        }
      } catch (IllegalArgumentException e) {
        // try the other alphabet
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "StoreConfig[url="
        + (url == null ? "none (embedded SQLite)" : "(not shown)")
        + ", maxStaleness="
        + maxStaleness
        + ", encryptionKey="
        + (encryptionKey == null ? "none" : "(not shown)")
        + ", previousEncryptionKey="
        + (previousEncryptionKey == null ? "none" : "(not shown)")
        + "]";
  }

  public boolean embedded() {
    return url == null;
  }
}
