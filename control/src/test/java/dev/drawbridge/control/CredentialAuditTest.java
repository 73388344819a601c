package dev.drawbridge.control;

import static dev.drawbridge.control.TokenServiceTest.CI_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import dev.drawbridge.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CredentialAuditTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  @RegisterExtension static final TestStores stores = new TestStores();

  @Test
  void reportsDormantStaleNoExpiryExposedAndUnrestrictedCredentials() {
    MutableClock clock = new MutableClock(T0);
    CredentialsConfig cfg =
        new CredentialsConfig(Duration.ofDays(365), Duration.ofDays(90), Duration.ofDays(30));
    List<Cidr> net = List.of(Cidr.parse("198.51.100.0/24"));
    try (Store store = stores.open(TestStores.SQLITE)) {
      ControlPlane cp = new ControlPlane(store, cfg, clock);
      TokenService t = cp.tokens();
      CreatedToken used = t.create(new TokenSpec("used", List.of("git"), null, net, null, null));
      t.create(new TokenSpec("idle", List.of("git"), null, net, null, null));
      t.create(new TokenSpec("open", List.of("git"), TokenSpec.NEVER, null, null, null));
      t.create(new TokenSpec("leaked", List.of("git"), null, net, null, Map.of("v", "okta")));
      t.create(new TokenSpec("gone", List.of("git"), null, null, null, null));
      t.revoke("gone");
      clock.advance(Duration.ofDays(20));
      assertThat(t.verify(used.clientId(), used.clientSecret(), CI_IP, "", "git").ok()).isTrue();
      t.rotate("used", Duration.ZERO);
      cp.breaches().declare("okta", clock.instant(), "report", "ana");
      clock.advance(Duration.ofDays(31)); // 51 days after creation, 31 after last use

      assertThat(cp.audit().findings())
          .extracting(Finding::tokenName, Finding::kind)
          .containsExactly(
              tuple("idle", Finding.DORMANT),
              tuple("leaked", Finding.DORMANT),
              tuple("leaked", Finding.EXPOSED),
              tuple("open", Finding.DORMANT),
              tuple("open", Finding.NO_EXPIRY),
              tuple("open", Finding.UNRESTRICTED_NETWORK),
              tuple("used", Finding.DORMANT));

      clock.advance(Duration.ofDays(50)); // 101 days after creation: not rotated within 90
      assertThat(cp.audit().findings())
          .filteredOn(f -> f.kind().equals(Finding.STALE))
          .extracting(Finding::tokenName)
          .containsExactly("idle", "leaked", "open");
    }
  }

  @Test
  void appliesReloadedThresholdsToTheNextAuditAndDefaultExpiry() {
    MutableClock clock = new MutableClock(T0);
    List<Cidr> net = List.of(Cidr.parse("198.51.100.0/24"));
    try (Store store = stores.open(TestStores.SQLITE)) {
      ControlPlane cp =
          new ControlPlane(
              store,
              new CredentialsConfig(Duration.ofDays(90), Duration.ofDays(90), Duration.ofDays(30)),
              clock);
      cp.tokens().create(new TokenSpec("quiet", List.of("git"), null, net, null, null));
      clock.advance(Duration.ofDays(10));
      assertThat(cp.audit().findings()).isEmpty();

      cp.credentialsConfig(
          new CredentialsConfig(Duration.ofDays(7), Duration.ofDays(90), Duration.ofDays(5)));
      assertThat(cp.audit().findings())
          .extracting(Finding::tokenName, Finding::kind)
          .containsExactly(tuple("quiet", Finding.DORMANT));
      CreatedToken next =
          cp.tokens().create(new TokenSpec("next", List.of("git"), null, net, null, null));
      assertThat(next.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
    }
  }
}
