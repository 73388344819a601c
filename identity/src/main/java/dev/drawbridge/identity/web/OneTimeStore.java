package dev.drawbridge.identity.web;

import dev.drawbridge.config.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-lived server-side values (OIDC state, WebAuthn challenges) that can be taken once. Bounded
 * twice: at most {@code max} entries in all, and at most {@code perClient} unexpired entries put by
 * one client (an IPv4 address, or an IPv6 /64, which one subscriber usually holds whole), so that
 * one source flooding the start of a ceremony cannot take the whole store from everyone else.
 * Beyond either bound new entries are refused until some are taken or expire.
 */
final class OneTimeStore<T> implements OneTimeValues<T> {

  private record Held<T>(T value, Instant expiresAt, String client) {}

  private final Map<String, Held<T>> map = new HashMap<>();

  /** Each client's keys in the order put; the TTL is fixed, so also in order of expiry. */
  private final Map<String, LinkedHashSet<String>> byClient = new HashMap<>();

  private static final Logger log = LoggerFactory.getLogger(OneTimeStore.class);
  private static final Duration WARN_EVERY = Duration.ofMinutes(1);

  private final String name;
  private final Duration ttl;
  private final int max;
  private final int perClient;
  private Instant quietUntil = Instant.MIN;

  /** {@code name}: what the entries are, for the operator log ("pending sign-ins"). */
  OneTimeStore(String name, Duration ttl, int max, int perClient) {
    OneTimeValues.checkBounds(max, perClient);
    this.name = name;
    this.ttl = ttl;
    this.max = max;
    this.perClient = perClient;
  }

  /** The client key of an address: IPv4 as is, IPv6 by its /64. */
  static String clientOf(InetAddress a) {
    if (a == null) {
      return "";
    }
    if (a instanceof Inet6Address) {
      return Cidr.slash64(a.getAddress());
    }
    return a.getHostAddress();
  }

  /**
   * Stores {@code value} under {@code key} for the TTL, unless the store is full ({@link Put#FULL})
   * or {@code client} already holds {@code perClient} unexpired entries ({@link Put#CLIENT_LIMIT}).
   */
  @Override
  public synchronized Put put(String key, T value, InetAddress client, Instant now) {
    if (map.size() >= max) {
      for (Iterator<Map.Entry<String, Held<T>>> it = map.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Held<T>> e = it.next();
        if (!now.isBefore(e.getValue().expiresAt())) {
          it.remove();
          forget(e.getValue().client(), e.getKey());
        }
      }
      if (map.size() >= max) {
        warn(now, "{}: the store is full ({} unexpired entries); refusing new ones", name, max);
        return Put.FULL;
      }
    }
    String c = clientOf(client);
    LinkedHashSet<String> mine = byClient.computeIfAbsent(c, k -> new LinkedHashSet<>());
    if (mine.size() >= perClient) {
      dropExpired(mine, now);
      if (mine.size() >= perClient) {
        warn(
            now,
            "{}: client {} holds {} unexpired entries, its limit; refusing it more",
            name,
            c,
            perClient);
        return Put.CLIENT_LIMIT;
      }
    }
    Held<T> old = map.put(key, new Held<>(value, now.plus(ttl), c));
    if (old != null) {
      forget(old.client(), key);
      mine = byClient.computeIfAbsent(c, k -> new LinkedHashSet<>());
    }
    mine.add(key);
    return Put.STORED;
  }

  @Override
  public synchronized T take(String key, Instant now) {
    if (key == null) {
      return null;
    }
    Held<T> h = map.remove(key);
    if (h == null) {
      return null;
    }
    forget(h.client(), key);
    return !now.isBefore(h.expiresAt()) ? null : h.value();
  }

  /** Drops a client's expired entries, oldest first. */
  private void dropExpired(LinkedHashSet<String> keys, Instant now) {
    for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
      String k = it.next();
      Held<T> h = map.get(k);
      if (h != null && now.isBefore(h.expiresAt())) {
        return;
      }
      map.remove(k);
      it.remove();
    }
  }

  /** Logs at most once a minute, so that a flood does not flood the log too. */
  private void warn(Instant now, String format, Object... args) {
    if (now.isBefore(quietUntil)) {
      return;
    }
    quietUntil = now.plus(WARN_EVERY);
    log.warn(format + " (logged at most once a minute)", args);
  }

  private void forget(String client, String key) {
    LinkedHashSet<String> keys = byClient.get(client);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      byClient.remove(client);
    }
  }
}
