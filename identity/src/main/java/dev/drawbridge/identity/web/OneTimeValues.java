package dev.drawbridge.identity.web;

import java.net.InetAddress;
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

  /** Makes the stores of one gateway: in memory, or in the shared store. */
  interface Factory {
    /**
     * {@code name}: what the entries are, for the operator log ("pending sign-ins"); {@code kind}:
     * their key in a shared store; {@code codec}: how a shared store writes and reads a value.
     */
    <T> OneTimeValues<T> create(
        String name,
        String kind,
        java.time.Duration ttl,
        int max,
        int perClient,
        SharedOneTimeValues.Codec<T> codec);

    /** Every store in this process's memory. */
    Factory IN_MEMORY =
        new Factory() {
          @Override
          public <T> OneTimeValues<T> create(
              String name,
              String kind,
              java.time.Duration ttl,
              int max,
              int perClient,
              SharedOneTimeValues.Codec<T> codec) {
            return new OneTimeStore<>(name, ttl, max, perClient);
          }
        };
  }
}
