package dev.drawbridge.identity.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.testkit.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §4: an assertion is reused until a tenth of its lifetime is left or the key changes. */
class AssertionCacheTest {
  static final URI PUBLIC = URI.create("https://access.corp.example/");
  static final Verdict.Principal ANA =
      new Verdict.Principal(
          "ana@corp.example",
          "user",
          "sess-1",
          "ana@corp.example",
          List.of("engineering"),
          "okta",
          List.of("hwk"));

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00.250Z"));

  private AssertionSigner signer() {
    return new AssertionSigner(dir, PUBLIC, Duration.ofMinutes(5), clock);
  }

  private AssertionCache cache(AssertionSigner signer) {
    return new AssertionCache(signer, clock, AssertionCache.DEFAULT_MAX_BYTES, Runnable::run, null);
  }

  private static JWTClaimsSet claims(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getJWTClaimsSet();
  }

  @Test
  void reusesTheSameAssertionWhileMoreThanATenthOfItsLifetimeIsLeft() throws Exception {
    AssertionCache cache = cache(signer());
    String first = cache.assertion("git", ANA);
    assertThat(cache.assertion("git", ANA)).isSameAs(first);
    // 4m29s into a 5m lifetime (iat is the whole second before the first request): 31 s left
    clock.advance(Duration.ofSeconds(269));
    assertThat(cache.assertion("git", ANA)).isSameAs(first);
    JWTClaimsSet c = claims(first);
    assertThat(c.getStringClaim("sid")).isEqualTo("sess-1");
    assertThat(c.getJWTID()).hasSize(22);
  }

  @Test
  void issuesAFreshAssertionWhenATenthOfTheLifetimeIsLeft() throws Exception {
    AssertionCache cache = cache(signer());
    String first = cache.assertion("git", ANA);
    Instant firstExp = claims(first).getExpirationTime().toInstant();
    clock.advance(Duration.ofSeconds(270)); // 30 s (a tenth of 5m) before exp
    String second = cache.assertion("git", ANA);
    assertThat(second).isNotEqualTo(first);
    JWTClaimsSet c = claims(second);
    assertThat(c.getExpirationTime().toInstant()).isAfter(firstExp);
    assertThat(c.getJWTID()).isNotEqualTo(claims(first).getJWTID());
    // and the fresh one is reused in its turn
    assertThat(cache.assertion("git", ANA)).isSameAs(second);
  }

  @Test
  void signsTheSuccessorInTheBackgroundFromFourFifthsOfTheLifetime() throws Exception {
    AtomicInteger signed = new AtomicInteger();
    AssertionSigner real = signer();
    Deque<Runnable> queued = new ArrayDeque<>();
    AssertionCache cache =
        new AssertionCache(
            real::currentKeyId,
            (aud, p, jti, iat) -> {
              signed.incrementAndGet();
              return real.sign(aud, p, jti, iat);
            },
            real.ttl(),
            clock,
            AssertionCache.DEFAULT_MAX_BYTES,
            Runnable::run,
            queued::add);
    String first = cache.assertion("git", ANA);
    clock.advance(Duration.ofSeconds(230)); // 70 s before exp: not yet
    assertThat(cache.assertion("git", ANA)).isSameAs(first);
    assertThat(queued).isEmpty();
    clock.advance(Duration.ofSeconds(10)); // 60 s (a fifth) before exp
    assertThat(cache.assertion("git", ANA)).isSameAs(first);
    assertThat(cache.assertion("git", ANA)).isSameAs(first);
    assertThat(queued).as("one successor asked for, not one per request").hasSize(1);
    assertThat(signed.get()).as("nothing signed on the caller's thread").isEqualTo(1);
    queued.poll().run();
    String next = cache.assertion("git", ANA);
    assertThat(next).isNotEqualTo(first);
    assertThat(claims(next).getExpirationTime()).isAfter(claims(first).getExpirationTime());
    assertThat(signed.get()).isEqualTo(2);
  }

  @Test
  void signsInlineWhenTheBackgroundRefuses() throws Exception {
    AssertionSigner real = signer();
    AssertionCache cache =
        new AssertionCache(
            real::currentKeyId,
            real::sign,
            real.ttl(),
            clock,
            AssertionCache.DEFAULT_MAX_BYTES,
            Runnable::run,
            r -> {
              throw new RejectedExecutionException("full");
            });
    String first = cache.assertion("git", ANA);
    clock.advance(Duration.ofSeconds(250));
    assertThat(cache.assertion("git", ANA)).isSameAs(first);
    clock.advance(Duration.ofSeconds(20)); // a tenth left
    assertThat(cache.assertion("git", ANA)).isNotEqualTo(first);
  }

  @Test
  void stopsHandingOutTheOldKeysAssertionAtOnceWhenTheKeyRotates() throws Exception {
    AssertionSigner signer = signer();
    AssertionCache cache = cache(signer);
    String before = cache.assertion("git", ANA);
    String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
    signer.rotate();
    String after = cache.assertion("git", ANA);
    assertThat(after).isNotEqualTo(before);
    assertThat(SignedJWT.parse(after).getHeader().getKeyID())
        .isEqualTo(signer.currentKeyId())
        .isNotEqualTo(oldKid);
  }

  @Test
  void neverSharesAnAssertionAcrossApplicationsSessionsCredentialsOrClaims() throws Exception {
    AssertionCache cache = cache(signer());
    String base = cache.assertion("git", ANA);
    List<Verdict.Principal> others =
        List.of(
            new Verdict.Principal(
                ANA.name(), "user", "sess-2", ANA.email(), ANA.groups(), ANA.idp(), ANA.amr()),
            new Verdict.Principal(
                ANA.name(),
                "user",
                "sess-1",
                ANA.email(),
                List.of("eng", "ops"),
                "okta",
                ANA.amr()),
            new Verdict.Principal(
                ANA.name(), "user", "sess-1", ANA.email(), ANA.groups(), "okta", List.of("pwd")),
            new Verdict.Principal(
                ANA.name(), "user", "sess-1", ANA.email(), ANA.groups(), "local", ANA.amr()),
            new Verdict.Principal(
                ANA.name(),
                "user",
                "sess-1",
                "ana@other.example",
                ANA.groups(),
                ANA.idp(),
                ANA.amr()),
            new Verdict.Principal(
                "bob@corp.example",
                "user",
                "sess-1",
                ANA.email(),
                ANA.groups(),
                ANA.idp(),
                ANA.amr()),
            new Verdict.Principal(
                ANA.name(), "service", "sess-1", ANA.email(), ANA.groups(), ANA.idp(), ANA.amr()));
    Set<String> seen = new HashSet<>(List.of(base));
    for (Verdict.Principal p : others) {
      String jwt = cache.assertion("git", p);
      assertThat(seen.add(jwt)).as("assertion for %s", p).isTrue();
      JWTClaimsSet c = claims(jwt);
      assertThat(c.getStringClaim("sid")).isEqualTo(p.credentialId());
      assertThat(c.getStringListClaim("groups")).isEqualTo(p.groups());
      assertThat(c.getStringListClaim("amr")).isEqualTo(p.amr());
    }
    String wiki = cache.assertion("wiki", ANA);
    assertThat(wiki).isNotEqualTo(base);
    assertThat(claims(wiki).getAudience()).containsExactly("wiki");
    // and each is reused for its own principal and application
    assertThat(cache.assertion("git", ANA)).isSameAs(base);
    assertThat(cache.assertion("wiki", ANA)).isSameAs(wiki);
  }

  @Test
  void staysWithinItsMemoryBoundWithAHundredThousandPrincipals() {
    AtomicInteger signed = new AtomicInteger();
    String body = "x".repeat(600); // about the size of a real assertion
    AssertionCache cache =
        new AssertionCache(
            () -> "kid-1",
            (aud, p, jti, iat) -> body + signed.incrementAndGet(),
            Duration.ofMinutes(5),
            clock,
            AssertionCache.DEFAULT_MAX_BYTES,
            Runnable::run,
            null);
    for (int i = 0; i < 100_000; i++) {
      Verdict.Principal p =
          new Verdict.Principal(
              "user" + i + "@corp.example",
              "user",
              "session-" + i,
              "user" + i + "@corp.example",
              List.of("engineering", "staff"),
              "okta",
              List.of("hwk"));
      cache.assertion("git", p);
    }
    cache.cleanUp();
    assertThat(signed.get()).isEqualTo(100_000);
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(AssertionCache.DEFAULT_MAX_BYTES);
    assertThat(cache.size()).isLessThan(100_000).isGreaterThan(1_000);
  }
}
