package dev.drawbridge.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import dev.drawbridge.store.TokenRecord;
import dev.drawbridge.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenServiceTest {
  static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  static final byte[] CI_IP = Cidr.literal("198.51.100.7");
  @RegisterExtension static final TestStores stores = new TestStores();

  static TokenSpec spec(String name, List<Cidr> cidrs) {
    return new TokenSpec(name, List.of("git"), null, cidrs, "ops@corp.example", Map.of());
  }

  static TokenCheck verify(TokenService s, CreatedToken t, byte[] ip, String app) {
    return s.verify(t.clientId(), t.clientSecret(), ip, "ip", app);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void createdTokenVerifiesAndOnlyItsHashIsStored(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = stores.open(backend)) {
      TokenService s = new TokenService(store, CredentialsConfig.defaults(), clock);
      CreatedToken t = s.create(spec("ci-bot", List.of()));
      assertThat(t.clientId()).matches("dbt_[a-z2-7]{26}");
      assertThat(t.clientSecret()).matches("[A-Za-z0-9_-]{43}");
      assertThat(t.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(90)));
      assertThat(t.toString()).doesNotContain(t.clientSecret());

      TokenCheck ok = verify(s, t, CI_IP, "git");
      assertThat(ok.ok()).isTrue();
      assertThat(ok.reason()).isNull();
      assertThat(ok.name()).isEqualTo("ci-bot");
      assertThat(ok.tokenId()).isEqualTo(t.id());

      TokenRecord row = store.tokens().findById(t.id()).orElseThrow();
      assertThat(row.secretHash())
          .isEqualTo(HexFormat.of().formatHex(Secrets.sha256(t.clientSecret())))
          .doesNotContain(t.clientSecret());
      assertThat(s.find("ci-bot")).isPresent();
      assertThat(s.find(t.id()).orElseThrow().status()).isEqualTo("active");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void verificationNeedsNoStoreAtAll(String backend) {
    Store store = stores.open(backend);
    TokenService s = new TokenService(store, null, new MutableClock(T0));
    CreatedToken t = s.create(spec("ci-bot", List.of()));
    store.close();
    assertThat(verify(s, t, CI_IP, "git").ok()).isTrue();
  }

  @Test
  void unknownMalformedAndWrongSecretsAreDenied() {
    try (Store store = stores.open(TestStores.SQLITE)) {
      TokenService s = new TokenService(store, null, new MutableClock(T0));
      CreatedToken t = s.create(spec("ci-bot", List.of()));
      String other = Secrets.newSecret();
      assertThat(s.verify(t.clientId(), other, CI_IP, "ip", "git").reason())
          .isEqualTo(TokenCheck.BAD_SECRET);
      assertThat(s.verify(t.clientId(), other, CI_IP, "ip", "git").name()).isEqualTo("ci-bot");
      assertThat(s.verify(Secrets.newClientId(), t.clientSecret(), CI_IP, "ip", "git").reason())
          .isEqualTo(TokenCheck.UNKNOWN_CREDENTIAL);
      assertThat(s.verify(null, null, null, null, null).reason())
          .isEqualTo(TokenCheck.UNKNOWN_CREDENTIAL);
      String huge = "a".repeat(10_000_000);
      assertThat(s.verify(huge, huge, CI_IP, "ip", "git").reason())
          .isEqualTo(TokenCheck.UNKNOWN_CREDENTIAL);
      assertThat(s.verify(t.clientId(), huge, CI_IP, "ip", "git").reason())
          .isEqualTo(TokenCheck.BAD_SECRET);
      long t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) { // 1000 x 10 MB: only O(1) checks can be this fast
        s.verify(huge, huge, CI_IP, "ip", "git");
        s.verify(t.clientId(), huge, CI_IP, "ip", "git");
      }
      assertThat(s.verify(t.clientId(), t.clientSecret() + "=", CI_IP, "ip", "git").reason())
          .isEqualTo(TokenCheck.BAD_SECRET);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void oldSecretWorksWithinTheRotationGraceAndNotAfter(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = stores.open(backend)) {
      TokenService s = new TokenService(store, null, clock);
      CreatedToken t = s.create(spec("ci-bot", List.of()));
      TokenView rotated = s.rotate("ci-bot", Duration.ofHours(1));
      assertThat(rotated.clientSecret()).isNotEqualTo(t.clientSecret());
      assertThat(rotated.previousSecretValidUntil()).isEqualTo(T0.plus(Duration.ofHours(1)));
      assertThat(rotated.toString()).doesNotContain(rotated.clientSecret());

      assertThat(verify(s, t, CI_IP, "git").ok()).isTrue();
      assertThat(s.verify(t.clientId(), rotated.clientSecret(), CI_IP, "ip", "git").ok()).isTrue();
      clock.advance(Duration.ofMinutes(59));
      assertThat(verify(s, t, CI_IP, "git").ok()).isTrue();
      clock.advance(Duration.ofMinutes(1));
      assertThat(verify(s, t, CI_IP, "git").reason()).isEqualTo(TokenCheck.BAD_SECRET);
      assertThat(s.verify(t.clientId(), rotated.clientSecret(), CI_IP, "ip", "git").ok()).isTrue();

      // a fresh load from the store agrees
      TokenService again = new TokenService(store, null, clock);
      assertThat(again.verify(t.clientId(), rotated.clientSecret(), CI_IP, "ip", "git").ok())
          .isTrue();
      assertThat(again.find("ci-bot").orElseThrow().secretIssuedAt()).isEqualTo(T0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void revokedAndExpiredTokensAreDenied(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = stores.open(backend)) {
      TokenService s = new TokenService(store, null, clock);
      CreatedToken revoked = s.create(spec("old-bot", List.of()));
      CreatedToken shortLived =
          s.create(new TokenSpec("temp-bot", List.of("git"), Duration.ofDays(1), null, null, null));
      assertThat(s.revoke("old-bot").status()).isEqualTo("revoked");
      assertThat(verify(s, revoked, CI_IP, "git").reason())
          .isEqualTo(TokenCheck.CREDENTIAL_REVOKED);
      assertThat(verify(s, shortLived, CI_IP, "git").ok()).isTrue();
      clock.advance(Duration.ofDays(1));
      assertThat(verify(s, shortLived, CI_IP, "git").reason())
          .isEqualTo(TokenCheck.CREDENTIAL_EXPIRED);
      assertThat(s.find("temp-bot").orElseThrow().status()).isEqualTo("expired");
      assertThatThrownBy(() -> s.rotate("old-bot", null)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.revoke("nobody")).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void aTokenBoundToANetworkIsDeniedFromElsewhereAndOutsideItsApps() {
    try (Store store = stores.open(TestStores.SQLITE)) {
      TokenService s = new TokenService(store, null, new MutableClock(T0));
      CreatedToken t = s.create(spec("ci-bot", List.of(Cidr.parse("198.51.100.0/24"))));
      assertThat(verify(s, t, Cidr.literal("127.0.0.1"), "git").reason())
          .isEqualTo(TokenCheck.IP_NOT_ALLOWED);
      assertThat(verify(s, t, null, "git").reason()).isEqualTo(TokenCheck.IP_NOT_ALLOWED);
      assertThat(verify(s, t, Cidr.literal("::ffff:198.51.100.9"), "git").ok()).isTrue();
      assertThat(verify(s, t, CI_IP, "wiki").reason()).isEqualTo(TokenCheck.APP_NOT_IN_SCOPE);
      assertThat(verify(s, t, CI_IP, null).ok()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void reportsIdleDaysAndNewNetworksAndFlushesUsageCoalesced(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = stores.open(backend)) {
      TokenService s = new TokenService(store, null, clock);
      CreatedToken t = s.create(spec("ci-bot", List.of()));
      TokenCheck first = verify(s, t, CI_IP, "git");
      assertThat(first.credentialIdleDays()).isNull();
      assertThat(first.newNetwork()).isTrue();
      for (int i = 0; i < 50; i++) {
        TokenCheck again = verify(s, t, Cidr.literal("198.51.100." + (i + 1)), "git");
        assertThat(again.credentialIdleDays()).isZero();
        assertThat(again.newNetwork()).isFalse();
      }
      long before = store.changes().latestId();
      assertThat(s.flushUsage()).isEqualTo(1);
      assertThat(s.flushUsage()).isZero();
      assertThat(store.changes().since(before))
          .extracting(Change::kind)
          .containsExactly(Change.TOKEN_USAGE);

      clock.advance(Duration.ofDays(45));
      TokenService reloaded = new TokenService(store, null, clock); // usage came from the store
      TokenCheck dormant = reloaded.verify(t.clientId(), t.clientSecret(), CI_IP, "ip", "git");
      assertThat(dormant.credentialIdleDays()).isEqualTo(45);
      assertThat(dormant.newNetwork()).isTrue(); // last seen 45 days ago: beyond 30
      TokenCheck v6 =
          reloaded.verify(
              t.clientId(), t.clientSecret(), Cidr.literal("2001:db8:1:2::7"), "ip", "git");
      assertThat(v6.credentialIdleDays()).isZero();
      assertThat(v6.newNetwork()).isTrue();
      reloaded.flushUsage();
      assertThat(store.tokens().findById(t.id()).orElseThrow().networks())
          .containsOnlyKeys("198.51.100.0/24", "2001:db8:1:2::/64");
    }
  }

  @Test
  void invalidSpecsAreRejectedWithAMessagePerField() {
    try (Store store = stores.open(TestStores.SQLITE)) {
      TokenService s = new TokenService(store, null, new MutableClock(T0));
      assertThatThrownBy(
              () ->
                  s.create(
                      new TokenSpec(
                          "", List.of(), Duration.ofDays(-1), null, null, Map.of("k", ""))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("name: \"\" (expected: 1-64 chars [a-z0-9._-])")
          .hasMessageContaining("apps: [] (expected: at least one application id)")
          .hasMessageContaining("expires: PT-24H (expected: > 0)")
          .hasMessageContaining("labels.k: \"\"");
      s.create(spec("ci-bot", List.of()));
      assertThatThrownBy(() -> s.create(spec("ci-bot", List.of())))
          .hasMessageContaining("name: \"ci-bot\" (expected: a name no other token has)");
      CreatedToken forever =
          s.create(new TokenSpec("forever", List.of("git"), TokenSpec.NEVER, null, null, null));
      assertThat(forever.expiresAt()).isNull();
    }
  }
}
