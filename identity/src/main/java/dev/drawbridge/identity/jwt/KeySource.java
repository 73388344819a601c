package dev.drawbridge.identity.jwt;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where the signing keys and their rotation state live: a file in {@code data_dir} (one process,
 * {@link FileKeys}) or the shared store (several processes on one PostgreSQL, {@link StoreKeys}).
 * Every list holds exactly one entry with a null {@code retiredAt}, the current key, and is in
 * creation order. Called under the signer's lock, never on the signing path.
 */
interface KeySource {
  /** The keys as stored now, creating the first one with {@code generate} if there is none. */
  List<KeyFile.Entry> load(Supplier<ECKey> generate, Instant now);

  /**
   * Makes {@code next} the current key unless the current key is no longer {@code expectedKid}
   * (another process rotated first), drops the keys that {@code published} rejects, and returns the
   * keys as stored afterwards.
   */
  List<KeyFile.Entry> rotate(
      String expectedKid, ECKey next, Instant now, Predicate<KeyFile.Entry> published);

  /** Whether other processes may change the keys, so that {@link #load} is worth polling. */
  boolean shared();
}
