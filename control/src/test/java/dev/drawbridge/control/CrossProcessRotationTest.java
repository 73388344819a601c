package dev.drawbridge.control;

import static dev.drawbridge.control.TokenServiceTest.CI_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.store.TestStores;
import dev.drawbridge.store.TokenRecord;
import dev.drawbridge.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two control planes over one store, as two gateway processes (SPEC §8): a rotation through one of
 * them must be decided from the stored row, not from its in-memory copy, which lags the other
 * process's breach, revocation or rotation until its next refresh. Neither process's background
 * sync runs here, so the lag lasts as long as the test wants.
 */
class CrossProcessRotationTest {
  static final Instant T0 = Instant.parse("2023-10-01T00:00:00Z");
  static final Instant BREACH_SINCE = Instant.parse("2023-10-18T00:00:00Z");
  @RegisterExtension static final TestStores stores = new TestStores();

  static TokenSpec labelled(String name, Map<String, String> labels) {
    return new TokenSpec(name, List.of("git"), null, null, null, labels);
  }

  static boolean verifies(ControlPlane cp, String clientId, String secret) {
    return cp.tokens().verify(clientId, secret, CI_IP, "198.51.100.7", "git").ok();
  }

  static String hash(String secret) {
    return Secrets.hex(Secrets.sha256(secret));
  }

  /** Creates the token on A with a known secret by rotating it once with no grace. */
  static TokenView issue(ControlPlane a, String name) {
    return a.tokens().rotate(name, Duration.ZERO);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aRotationRightAfterABreachElsewhereGivesTheExposedSecretNoGrace(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (TwoProcesses p =
        TwoProcesses.open(
            stores, backend, clock, labelled("okta-sync", Map.of("vendor", "okta")))) {
      TokenView old = issue(p.a(), "okta-sync");
      p.b().refresh(); // B knows the old secret
      clock.advance(Duration.ofDays(30));

      BreachResult breach = p.a().breaches().declare("okta", BREACH_SINCE, null, "ana");
      assertThat(breach.tokens()).containsExactly("okta-sync");
      // B has not read the feed: in its memory the token is neither exposed nor suspended
      assertThat(p.b().tokens().find("okta-sync").orElseThrow().status()).isEqualTo("active");

      TokenView rotated = p.b().tokens().rotate("okta-sync", Duration.ofHours(24));
      assertThat(rotated.previousSecretValidUntil()).isNull();
      assertThat(verifies(p.b(), old.clientId(), old.clientSecret())).isFalse();

      p.a().refresh();
      p.b().refresh();
      for (ControlPlane cp : List.of(p.a(), p.b())) {
        assertThat(verifies(cp, old.clientId(), old.clientSecret())).isFalse();
        assertThat(verifies(cp, rotated.clientId(), rotated.clientSecret())).isTrue();
      }
      TokenRecord row = p.storeA().tokens().findByName("okta-sync").orElseThrow();
      assertThat(row.prevSecretHash()).isNull();
      assertThat(row.prevSecretValidUntil()).isNull();
      assertThat(row.secretHash()).isEqualTo(hash(rotated.clientSecret()));
      assertThat(p.a().breaches().list()).extracting(b -> b.id()).containsExactly(breach.id());
      clock.advance(Duration.ofHours(1)); // still inside the grace asked for: none was given
      assertThat(verifies(p.a(), old.clientId(), old.clientSecret())).isFalse();
      assertThat(verifies(p.b(), old.clientId(), old.clientSecret())).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aRotationRightAfterARevocationElsewhereIsRefusedAndTheTokenStaysRevoked(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (TwoProcesses p = TwoProcesses.open(stores, backend, clock, labelled("ci-bot", Map.of()))) {
      TokenView old = issue(p.a(), "ci-bot");
      p.b().refresh();
      clock.advance(Duration.ofMinutes(1));
      p.a().tokens().revoke("ci-bot");

      assertThatThrownBy(() -> p.b().tokens().rotate("ci-bot", Duration.ofHours(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is revoked");
      // B learnt the revocation from the row it read, before any refresh
      assertThat(p.b().tokens().find("ci-bot").orElseThrow().status()).isEqualTo("revoked");
      TokenRecord row = p.storeB().tokens().findByName("ci-bot").orElseThrow();
      assertThat(row.secretHash()).isEqualTo(hash(old.clientSecret()));
      assertThat(row.prevSecretHash()).isNull();
      p.a().refresh();
      for (ControlPlane cp : List.of(p.a(), p.b())) {
        assertThat(
                cp.tokens()
                    .verify(old.clientId(), old.clientSecret(), CI_IP, "198.51.100.7", "git")
                    .reason())
            .isEqualTo(TokenCheck.CREDENTIAL_REVOKED);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aRotationRightAfterARotationElsewhereKeepsTheOtherCallersSecretInGrace(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (TwoProcesses p = TwoProcesses.open(stores, backend, clock, labelled("ci-bot", Map.of()))) {
      issue(p.a(), "ci-bot");
      p.b().refresh();
      TokenView first = p.a().tokens().rotate("ci-bot", Duration.ofHours(1));
      TokenView second = p.b().tokens().rotate("ci-bot", Duration.ofHours(1)); // B is behind

      p.a().refresh();
      p.b().refresh();
      for (ControlPlane cp : List.of(p.a(), p.b())) {
        assertThat(verifies(cp, second.clientId(), second.clientSecret())).isTrue();
        assertThat(verifies(cp, first.clientId(), first.clientSecret())).isTrue();
      }
      TokenRecord row = p.storeA().tokens().findByName("ci-bot").orElseThrow();
      assertThat(row.secretHash()).isEqualTo(hash(second.clientSecret()));
      assertThat(row.prevSecretHash()).isEqualTo(hash(first.clientSecret()));
      assertThat(second.previousSecretValidUntil()).isEqualTo(T0.plus(Duration.ofHours(1)));
      clock.advance(Duration.ofHours(1)); // the grace of the first caller's secret ends
      assertThat(verifies(p.a(), first.clientId(), first.clientSecret())).isFalse();
      assertThat(verifies(p.b(), second.clientId(), second.clientSecret())).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void concurrentRotationsOnTwoProcessesNeverHandOutASecretThatDoesNotVerify(String backend)
      throws Exception {
    MutableClock clock = new MutableClock(T0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TwoProcesses p = TwoProcesses.open(stores, backend, clock, labelled("ci-bot", Map.of()))) {
      CyclicBarrier start = new CyclicBarrier(2);
      for (int round = 0; round < 20; round++) {
        List<Future<TokenView>> calls = new ArrayList<>();
        for (ControlPlane cp : List.of(p.a(), p.b())) {
          calls.add(
              pool.submit(
                  () -> {
                    start.await();
                    return cp.tokens().rotate("ci-bot", Duration.ofHours(1));
                  }));
        }
        List<TokenView> got = new ArrayList<>();
        for (Future<TokenView> f : calls) {
          got.add(f.get());
        }
        p.a().refresh();
        p.b().refresh();
        for (TokenView t : got) {
          for (ControlPlane cp : List.of(p.a(), p.b())) {
            assertThat(verifies(cp, t.clientId(), t.clientSecret()))
                .as("round %d: a returned secret verifies on both processes", round)
                .isTrue();
          }
        }
        TokenRecord row = p.storeA().tokens().findByName("ci-bot").orElseThrow();
        assertThat(List.of(row.secretHash(), row.prevSecretHash()))
            .containsExactlyInAnyOrder(
                hash(got.get(0).clientSecret()), hash(got.get(1).clientSecret()));
        clock.advance(Duration.ofMinutes(1));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A token created on A a moment ago, before B read the change feed: B finds it in the store on a
   * miss by name, so an operator's revoke (or rotate) through B works, and B denies it at once.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aTokenCreatedElsewhereAMomentAgoCanBeRevokedAndRotatedHere(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (TwoProcesses p = TwoProcesses.open(stores, backend, clock)) {
      CreatedToken leaked = p.a().tokens().create(labelled("leaked-bot", Map.of()));
      CreatedToken ci = p.a().tokens().create(labelled("ci-bot", Map.of()));
      // B has not refreshed: the verification path (memory only) does not know the tokens yet
      assertThat(
              p.b()
                  .tokens()
                  .verify(leaked.clientId(), leaked.clientSecret(), CI_IP, "198.51.100.7", "git")
                  .reason())
          .isEqualTo(TokenCheck.UNKNOWN_CREDENTIAL);

      TokenView revoked = p.b().tokens().revoke("leaked-bot");
      assertThat(revoked.status()).isEqualTo("revoked");
      assertThat(
              p.b()
                  .tokens()
                  .verify(leaked.clientId(), leaked.clientSecret(), CI_IP, "198.51.100.7", "git")
                  .reason())
          .isEqualTo(TokenCheck.CREDENTIAL_REVOKED);
      assertThat(p.storeB().tokens().findByName("leaked-bot").orElseThrow().revokedAt())
          .isNotNull();

      TokenView rotated = p.b().tokens().rotate("ci-bot", Duration.ZERO);
      assertThat(verifies(p.b(), rotated.clientId(), rotated.clientSecret())).isTrue();
      assertThat(verifies(p.b(), ci.clientId(), ci.clientSecret())).isFalse();
      assertThat(p.b().tokens().find(ci.id())).isPresent(); // by id as well

      p.a().refresh();
      assertThat(
              p.a()
                  .tokens()
                  .verify(leaked.clientId(), leaked.clientSecret(), CI_IP, "198.51.100.7", "git")
                  .reason())
          .isEqualTo(TokenCheck.CREDENTIAL_REVOKED);
      assertThat(verifies(p.a(), rotated.clientId(), rotated.clientSecret())).isTrue();
      assertThat(p.b().tokens().find("no-such-token")).isEmpty();
    }
  }
}
