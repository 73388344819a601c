package dev.drawbridge.control;

import static dev.drawbridge.control.TokenServiceTest.CI_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.store.SessionRecord;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import dev.drawbridge.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BreachServiceTest {
  static final Instant T0 = Instant.parse("2023-10-01T00:00:00Z");
  static final Instant BREACH_SINCE = Instant.parse("2023-10-18T00:00:00Z");
  @RegisterExtension static final TestStores stores = new TestStores();

  static TokenSpec labelled(String name, Map<String, String> labels) {
    return new TokenSpec(name, List.of("git"), null, null, null, labels);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void exposedTokensAreSuspendedUntilRotatedAndVendorSessionsRevoked(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = stores.open(backend)) {
      ControlPlane cp = new ControlPlane(store, null, clock);
      TokenService tokens = cp.tokens();
      CreatedToken exposed = tokens.create(labelled("okta-sync", Map.of("vendor", "Okta")));
      CreatedToken other = tokens.create(labelled("gh-bot", Map.of("vendor", "github")));
      CreatedToken plain = tokens.create(labelled("ci-bot", Map.of()));
      store
          .sessions()
          .insert(
              new SessionRecord(
                  "s1",
                  "ana@corp.example",
                  "okta",
                  List.of("pwd"),
                  List.of(),
                  T0,
                  T0,
                  T0.plus(Duration.ofDays(60)),
                  null,
                  null));
      clock.advance(Duration.ofDays(30)); // after the vendor's breach window opened
      CreatedToken issuedAfter = tokens.create(labelled("okta-new", Map.of("team", "okta")));

      BreachResult r = cp.breaches().declare("okta", BREACH_SINCE, null, "ana");
      assertThat(r.action()).isEqualTo("suspend");
      assertThat(r.tokens()).containsExactly("okta-sync");
      assertThat(r.sessionsRevoked()).containsExactly("s1");

      TokenCheck denied =
          tokens.verify(exposed.clientId(), exposed.clientSecret(), CI_IP, "", "git");
      assertThat(denied.reason()).isEqualTo(TokenCheck.CREDENTIAL_SUSPENDED);
      assertThat(denied.exposed()).isTrue();
      assertThat(tokens.find("okta-sync").orElseThrow().status()).isEqualTo("suspended");
      for (CreatedToken fine : List.of(other, plain, issuedAfter)) {
        assertThat(tokens.verify(fine.clientId(), fine.clientSecret(), CI_IP, "", "git").ok())
            .isTrue();
      }

      TokenView rotated = tokens.rotate("okta-sync", Duration.ofHours(24));
      assertThat(rotated.status()).isEqualTo("active");
      assertThat(rotated.exposed()).isFalse();
      TokenCheck afterRotation =
          tokens.verify(exposed.clientId(), rotated.clientSecret(), CI_IP, "", "git");
      assertThat(afterRotation.ok()).isTrue();
      assertThat(afterRotation.exposed()).isFalse();
      // the leaked secret gets no grace period
      assertThat(
              tokens.verify(exposed.clientId(), exposed.clientSecret(), CI_IP, "", "git").reason())
          .isEqualTo(TokenCheck.BAD_SECRET);
      assertThat(cp.breaches().list()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aBreachEndsTheGraceOfAnOldSecretThatExistedDuringIt(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = stores.open(backend)) {
      ControlPlane cp = new ControlPlane(store, null, clock);
      TokenService tokens = cp.tokens();
      CreatedToken old = tokens.create(labelled("okta-sync", Map.of("vendor", "okta")));
      CreatedToken other = tokens.create(labelled("gh-bot", Map.of("vendor", "github")));
      clock.advance(Duration.ofDays(10));
      TokenView rotated = tokens.rotate("okta-sync", Duration.ofHours(24));
      TokenView otherRotated = tokens.rotate("gh-bot", Duration.ofHours(24));
      clock.advance(Duration.ofHours(1)); // both old secrets are within their grace
      assertThat(tokens.verify(old.clientId(), old.clientSecret(), CI_IP, "", "git").ok()).isTrue();

      BreachResult r = cp.breaches().declare("okta", T0.plus(Duration.ofDays(5)), null, "ana");

      assertThat(r.tokens()).isEmpty(); // the current secret is newer than the breach: not exposed
      assertThat(r.previousSecretsEnded()).containsExactly("okta-sync");
      assertThat(tokens.verify(old.clientId(), old.clientSecret(), CI_IP, "", "git").reason())
          .isEqualTo(TokenCheck.BAD_SECRET);
      TokenCheck current = tokens.verify(old.clientId(), rotated.clientSecret(), CI_IP, "", "git");
      assertThat(current.ok()).isTrue();
      assertThat(current.exposed()).isFalse();
      assertThat(tokens.find("okta-sync").orElseThrow().status()).isEqualTo("active");
      // another vendor's token keeps its grace
      assertThat(tokens.verify(other.clientId(), other.clientSecret(), CI_IP, "", "git").ok())
          .isTrue();
      assertThat(
              tokens.verify(other.clientId(), otherRotated.clientSecret(), CI_IP, "", "git").ok())
          .isTrue();
      // the store holds the ended grace too: a restart (or another gateway) loads it
      TokenService reloaded = new ControlPlane(store, null, clock).tokens();
      assertThat(reloaded.verify(old.clientId(), old.clientSecret(), CI_IP, "", "git").reason())
          .isEqualTo(TokenCheck.BAD_SECRET);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void revokeAndReportActions(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = stores.open(backend)) {
      ControlPlane cp = new ControlPlane(store, null, clock);
      CreatedToken a = cp.tokens().create(labelled("a-bot", Map.of("vendor", "acme")));
      CreatedToken b = cp.tokens().create(labelled("b-bot", Map.of("saas", "globex")));
      cp.breaches().declare("acme", BREACH_SINCE, "revoke", "ana");
      cp.breaches().declare("globex", BREACH_SINCE, "report", "ana");
      assertThat(cp.tokens().verify(a.clientId(), a.clientSecret(), CI_IP, "", "git").reason())
          .isEqualTo(TokenCheck.CREDENTIAL_REVOKED);
      TokenCheck reported = cp.tokens().verify(b.clientId(), b.clientSecret(), CI_IP, "", "git");
      assertThat(reported.ok()).isTrue();
      assertThat(reported.exposed()).isTrue();
      assertThatThrownBy(() -> cp.breaches().declare("x", BREACH_SINCE, "panic", "ana"))
          .hasMessageContaining("action: \"panic\" (expected: suspend, revoke or report)");
    }
  }
}
