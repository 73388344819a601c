package dev.drawbridge.control;

import dev.drawbridge.store.TokenRecord;
import dev.drawbridge.store.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Last-use state of one token, updated in memory on each successful verification and drained to the
 * store by the coalescing flusher. Survives reloads of the token's record.
 */
final class TokenUsage {
  static final long NETWORK_MEMORY_MS = Duration.ofDays(30).toMillis();
  static final int MAX_NETWORKS = 256;
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private long lastUsedAt = -1;
  private String lastUsedIp;
  private final Map<String, Long> networks = new HashMap<>();
  private boolean dirty;

  TokenUsage(TokenRecord r) {
    merge(r);
  }

  /** Whole days since the last use, or null if never used. */
  synchronized Integer idleDays(long now) {
    return lastUsedAt < 0 ? null : (int) Math.max(0, (now - lastUsedAt) / DAY_MS);
  }

  /** True if {@code network} was not seen in the last 30 days (a first use counts as new). */
  synchronized boolean isNewNetwork(String network, long now) {
    if (network == null) {
      return false;
    }
    Long seen = networks.get(network);
    return seen == null || now - seen > NETWORK_MEMORY_MS;
  }

  /** Records a use; true when this made the usage dirty (the caller queues it for flushing). */
  synchronized boolean record(long now, String ip, String network) {
    if (now >= lastUsedAt) {
      lastUsedAt = now;
      lastUsedIp = ip;
    }
    if (network != null) {
      networks.merge(network, now, Math::max);
    }
    boolean wasClean = !dirty;
    dirty = true;
    return wasClean;
  }

  /** Folds in what the store knows (other processes' uses): newest wins. */
  synchronized void merge(TokenRecord r) {
    if (r.lastUsedAt() != null && r.lastUsedAt().toEpochMilli() > lastUsedAt) {
      lastUsedAt = r.lastUsedAt().toEpochMilli();
      lastUsedIp = r.lastUsedIp();
    }
    r.networks().forEach((k, v) -> networks.merge(k, v, Math::max));
  }

  synchronized Instant lastUsedAt() {
    return lastUsedAt < 0 ? null : Instant.ofEpochMilli(lastUsedAt);
  }

  synchronized String lastUsedIp() {
    return lastUsedIp;
  }

  /** Clears the dirty mark and returns what to write, forgetting networks older than 30 days. */
  synchronized UsageUpdate drain(String tokenId, long now) {
    dirty = false;
    networks.values().removeIf(seen -> now - seen > NETWORK_MEMORY_MS);
    while (networks.size() > MAX_NETWORKS) {
      String oldest =
          networks.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
      networks.remove(oldest);
    }
    return new UsageUpdate(
        tokenId, Instant.ofEpochMilli(lastUsedAt), lastUsedIp, Map.copyOf(networks));
  }

  /** After a failed write: mark dirty again; true if the caller must re-queue. */
  synchronized boolean redirty() {
    boolean wasClean = !dirty;
    dirty = true;
    return wasClean;
  }
}
