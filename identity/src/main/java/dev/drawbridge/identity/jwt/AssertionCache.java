package dev.drawbridge.identity.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.drawbridge.gateway.Verdict;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Reuses assertions (SPEC §4): the same principal, session or credential, application and claims
 * get the same {@code Drawbridge-Jwt-Assertion} until it is within a tenth of its lifetime of
 * {@code exp}, or until the signing key changes; so that, in steady state, a request costs a map
 * lookup and no signature. Safe on the event loop on a hit; a miss signs once (ES256).
 *
 * <p>What can never be served stale: every claim that goes into the token is part of the key
 * (groups, amr, email, idp, type, name, {@code sid}, application), and so is the id of the key that
 * signs now, read before each lookup. A rotation (here, or another process's, picked up by {@link
 * AssertionSigner#refresh}) therefore stops the old key's assertions at once: they are no longer
 * found, and age out of the cache. A locked principal or a revoked session never reaches this
 * class; the decision step denies them first.
 *
 * <p>Bounded by weight (an estimate of the bytes an entry holds) and by time (an entry is dropped a
 * lifetime after it was signed).
 */
public final class AssertionCache {
  /** Default bound: about 32 MiB of assertions (tens of thousands of principals). */
  public static final long DEFAULT_MAX_BYTES = 32L << 20;

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int ENTRY_OVERHEAD = 256;

  private final Supplier<String> keyId;
  private final Signing signer;
  private final Clock clock;
  private final long ttlMillis;
  private final long reuseMillis;
  private final long renewMillis;
  private final Executor background;
  private final Cache<Key, Issued> cache;
  private final SecureRandom random = new SecureRandom();

  /** What identifies one assertion: the signing key and every claim but iat, exp, jti. */
  record Key(
      String kid,
      String audience,
      String type,
      String name,
      String sid,
      String email,
      String idp,
      List<String> groups,
      List<String> amr) {
    int weight() {
      int chars = 0;
      for (String s : new String[] {kid, audience, type, name, sid, email, idp}) {
        chars += s == null ? 0 : s.length();
      }
      for (String g : groups) {
        chars += g.length() + 16;
      }
      for (String a : amr) {
        chars += a.length() + 16;
      }
      return chars;
    }
  }

  /**
   * A signed assertion, the instant (epoch ms) from which its successor is signed in the
   * background, the instant from which it is no longer handed out, and whether a successor is being
   * signed.
   */
  record Issued(String jwt, long renewFrom, long reuseUntil, AtomicBoolean renewing) {}

  /** What signs: {@link AssertionSigner#sign}. */
  @FunctionalInterface
  interface Signing {
    String sign(String audience, Verdict.Principal p, String jti, Instant iat);
  }

  /**
   * {@code background}: where successors are signed ahead (bounded; may refuse), or null to sign
   * only inline.
   */
  public AssertionCache(AssertionSigner signer, Clock clock, Executor background) {
    this(signer, clock, DEFAULT_MAX_BYTES, ForkJoinPool.commonPool(), background);
  }

  /** {@code maxBytes}: the weight bound; {@code maintenance}: runs Caffeine's upkeep. */
  AssertionCache(
      AssertionSigner signer,
      Clock clock,
      long maxBytes,
      Executor maintenance,
      Executor background) {
    this(
        signer::currentKeyId, signer::sign, signer.ttl(), clock, maxBytes, maintenance, background);
  }

  AssertionCache(
      Supplier<String> keyId,
      Signing signer,
      Duration ttl,
      Clock clock,
      long maxBytes,
      Executor maintenance,
      Executor background) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    this.keyId = keyId;
    this.signer = signer;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    // handed out until a tenth of the lifetime is left: an upstream that checks exp with a little
    // clock skew never sees one that is about to expire
    this.reuseMillis = ttlMillis - ttlMillis / 10;
    this.renewMillis = ttlMillis - ttlMillis / 5;
    this.background = background;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((Key k, Issued v) -> 2 * (k.weight() + v.jwt().length()) + ENTRY_OVERHEAD)
            .expireAfterWrite(ttl)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(maintenance)
            .build();
  }

  /** The assertion for {@code p} at {@code audience}: a cached one when still fit, else signed. */
  public String assertion(String audience, Verdict.Principal p) {
    Key k =
        new Key(
            keyId.get(),
            audience,
            p.type(),
            p.name(),
            p.credentialId(),
            p.email(),
            p.idp(),
            p.groups(),
            p.amr());
    long now = clock.millis();
    Issued hit = cache.getIfPresent(k);
    if (hit != null && now < hit.reuseUntil()) {
      if (now >= hit.renewFrom() && background != null) {
        renewAhead(k, hit, audience, p);
      }
      return hit.jwt();
    }
    return issue(k, audience, p, now);
  }

  private String issue(Key k, String audience, Verdict.Principal p, long now) {
    // exp is counted from iat in whole seconds, as the token says
    long iatMillis = now - Math.floorMod(now, 1000L);
    String jwt = signer.sign(audience, p, jti(), Instant.ofEpochMilli(iatMillis));
    cache.put(
        k, new Issued(jwt, iatMillis + renewMillis, iatMillis + reuseMillis, new AtomicBoolean()));
    return jwt;
  }

  /** Signs {@code hit}'s successor in the background, once. */
  private void renewAhead(Key k, Issued hit, String audience, Verdict.Principal p) {
    if (!hit.renewing().compareAndSet(false, true)) {
      return;
    }
    try {
      background.execute(
          () -> {
            try {
              issue(k, audience, p, clock.millis());
            } catch (RuntimeException e) {
              hit.renewing().set(false); // the next request tries again, or signs inline
            }
          });
    } catch (RejectedExecutionException e) {
      hit.renewing().set(false);
    }
  }

  /** 128 random bits: unique per assertion, not guessable. */
  private String jti() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** Runs pending evictions now (tests, and sizing figures). */
  void cleanUp() {
    cache.cleanUp();
  }

  /** The summed weight of the entries (estimated bytes). */
  long weightedSize() {
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  long size() {
    return cache.estimatedSize();
  }

  long ttlMillis() {
    return ttlMillis;
  }
}
