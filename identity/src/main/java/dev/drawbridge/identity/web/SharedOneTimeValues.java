package dev.drawbridge.identity.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.drawbridge.store.PendingCeremonyRepository;
import dev.drawbridge.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ceremony values in the store's {@code pending_ceremonies} table, for gateways that share one
 * PostgreSQL behind a load balancer (SPEC §8): the browser that started a sign-in through one
 * gateway may come back through any other. Taken at most once across all gateways. While the store
 * cannot be reached, new ceremonies are refused ({@link Put#UNAVAILABLE}) and a ceremony cannot be
 * finished (take answers null), both logged: signing in needs the store, as sessions do.
 */
final class SharedOneTimeValues<T> implements OneTimeValues<T> {
  private static final Logger log = LoggerFactory.getLogger(SharedOneTimeValues.class);

  /** How a value is written to the store and read back. */
  interface Codec<T> {
    String write(T value) throws IOException;

    T read(String text) throws IOException;

    /** For {@link #read}: the JSON object {@code text}. */
    static Map<String, Object> object(String text) throws IOException {
      try {
        return JSONObjectUtils.parse(text);
      } catch (ParseException e) {
        throw new IOException("not a JSON object: " + e.getMessage(), e);
      }
    }

    /** For {@link #read}: a string field, or null for JSON null; anything else is refused. */
    static String string(Map<String, Object> m, String key) throws IOException {
      Object v = m.get(key);
      if (v != null && !(v instanceof String)) {
        throw new IOException(key + ": expected a string, got " + v.getClass().getSimpleName());
      }
      return (String) v;
    }
  }

  private final PendingCeremonyRepository repo;
  private final String name;
  private final String kind;
  private final Duration ttl;
  private final int max;
  private final int perClient;
  private final Codec<T> codec;

  SharedOneTimeValues(
      PendingCeremonyRepository repo,
      String name,
      String kind,
      Duration ttl,
      int max,
      int perClient,
      Codec<T> codec) {
    OneTimeValues.checkBounds(max, perClient);
    this.repo = repo;
    this.name = name;
    this.kind = kind;
    this.ttl = ttl;
    this.max = max;
    this.perClient = perClient;
    this.codec = codec;
  }

  @Override
  public Put put(String key, T value, InetAddress client, Instant now) {
    String text;
    try {
      text = codec.write(value);
    } catch (IOException e) {
      throw new IllegalStateException(name + ": a value could not be encoded", e);
    }
    try {
      return switch (repo.put(
          kind, key, text, OneTimeStore.clientOf(client), now.plus(ttl), now, max, perClient)) {
        case STORED -> Put.STORED;
        case FULL -> {
          log.warn(
              "{}: {} unexpired entries in the store, its limit; refusing new ones", name, max);
          yield Put.FULL;
        }
        case CLIENT_LIMIT -> Put.CLIENT_LIMIT;
      };
    } catch (StoreException e) {
      log.warn("{}: the store is unavailable, refusing a new one: {}", name, e.getMessage());
      return Put.UNAVAILABLE;
    }
  }

  @Override
  public T take(String key, Instant now) {
    if (key == null) {
      return null;
    }
    String text;
    try {
      text = repo.take(kind, key, now).orElse(null);
    } catch (StoreException e) {
      log.warn("{}: the store is unavailable, cannot finish one: {}", name, e.getMessage());
      return null;
    }
    if (text == null) {
      return null;
    }
    try {
      return codec.read(text);
    } catch (IOException e) {
      log.warn("{}: a stored value could not be read ({}); treated as absent", name, e.toString());
      return null;
    }
  }
}
