package dev.drawbridge.identity.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived server-side values (OIDC state, WebAuthn challenges) that can be taken once. Bounded:
 * beyond {@code max} entries the oldest are not kept (new ones are refused until some expire).
 */
final class OneTimeStore<T> {
  private record Held<T>(T value, Instant expiresAt) {}

  private final Map<String, Held<T>> map = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int max;

  OneTimeStore(Duration ttl, int max) {
    this.ttl = ttl;
    this.max = max;
  }

  /** False when the store is full of unexpired entries. */
  boolean put(String key, T value, Instant now) {
    if (map.size() >= max) {
      map.values().removeIf(h -> !now.isBefore(h.expiresAt()));
      if (map.size() >= max) {
        return false;
      }
    }
    map.put(key, new Held<>(value, now.plus(ttl)));
    return true;
  }

  /** Removes and returns the value if present and unexpired; null otherwise. */
  T take(String key, Instant now) {
    if (key == null) {
      return null;
    }
    Held<T> h = map.remove(key);
    return h == null || !now.isBefore(h.expiresAt()) ? null : h.value();
  }
}
