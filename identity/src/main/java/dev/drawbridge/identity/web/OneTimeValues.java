package dev.drawbridge.identity.web;

import dev.drawbridge.store.PendingCeremonyRepository;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * Short-lived values of a ceremony in progress (OIDC state, WebAuthn challenges), each taken at
 * most once: in this process ({@link OneTimeStore}) or shared by the gateways on one PostgreSQL
 * ({@link SharedOneTimeValues}), so that a ceremony started through one gateway can finish through
 * another.
 */
interface OneTimeValues<T> {
  /** The outcome of {@link #put}. */
  enum Put {
    STORED,
    /** The store is full of unexpired entries. */
    FULL,
    /** This client already holds its share of unexpired entries. */
    CLIENT_LIMIT,
    /** The shared store could not be reached (logged); nothing was stored. */
    UNAVAILABLE
  }

  /** Refuses bounds below one (a store that could hold nothing). */
  static void checkBounds(int max, int perClient) {
    if (max < 1 || perClient < 1) {
      throw new IllegalArgumentException(
          "max: " + max + ", perClient: " + perClient + " (expected: >= 1)");
    }
  }

  /** Stores {@code value} under {@code key} for the store's time to live, within its bounds. */
  Put put(String key, T value, InetAddress client, Instant now);

  /** Removes and returns the value if present and unexpired; null otherwise. */
  T take(String key, Instant now);

  /**
   * A store in {@code shared} (gateways on one PostgreSQL) or, when it is null, in this process's
   * memory. {@code name}: what the entries are, for the operator log ("pending sign-ins"); {@code
   * kind}: their key in the shared store; {@code codec}: how the shared store writes and reads a
   * value.
   */
  static <T> OneTimeValues<T> create(
      PendingCeremonyRepository shared,
      String name,
      String kind,
      Duration ttl,
      int max,
      int perClient,
      SharedOneTimeValues.Codec<T> codec) {
    return shared == null
        ? new OneTimeStore<>(name, ttl, max, perClient)
        : new SharedOneTimeValues<>(shared, name, kind, ttl, max, perClient, codec);
  }
}
