package dev.drawbridge.control;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.store.TokenRecord;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A token as the hot path needs it: decoded hashes, parsed CIDRs, app set, live usage. */
record TokenEntry(
    TokenRecord record,
    byte[] hash,
    byte[] prevHash,
    long prevValidUntil,
    long expiresAt,
    Set<String> apps,
    List<Cidr> cidrs,
    TokenUsage usage) {

  /** Tokens mostly share a few networks: parse each text once. Bounded; misses just parse. */
  private static final ConcurrentHashMap<String, Cidr> CIDRS = new ConcurrentHashMap<>();

  private static Cidr cidr(String text) {
    Cidr c = CIDRS.get(text);
    if (c == null) {
      c = Cidr.parse(text);
      if (CIDRS.size() < 10_000) {
        CIDRS.put(text, c);
      }
    }
    return c;
  }

  static TokenEntry of(TokenRecord r, TokenUsage usage) {
    return new TokenEntry(
        r,
        Secrets.unhex(r.secretHash()),
        Secrets.unhex(r.prevSecretHash()),
        r.prevSecretValidUntil() == null ? Long.MIN_VALUE : r.prevSecretValidUntil().toEpochMilli(),
        r.expiresAt() == null ? Long.MAX_VALUE : r.expiresAt().toEpochMilli(),
        Set.copyOf(r.apps()),
        r.cidrs().stream().map(TokenEntry::cidr).toList(),
        usage);
  }
}
