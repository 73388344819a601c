package dev.drawbridge.control;

import static dev.drawbridge.control.CrossProcessRotationTest.labelled;
import static dev.drawbridge.control.TokenServiceTest.CI_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.store.TestStores;
import dev.drawbridge.testkit.MutableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Breach declarations on one gateway process and usage flushes on another, on overlapping tokens of
 * one PostgreSQL (SPEC §8). Both lock token rows; they must lock them in one order (token id), or
 * two of them can deadlock and PostgreSQL aborts one — which the store would retry, so the tests
 * assert not only that every call succeeds but that no transaction had to be retried.
 */
class CrossProcessLockOrderTest {
  static final Instant T0 = Instant.parse("2023-10-01T00:00:00Z");
  static final Instant BREACH_SINCE = Instant.parse("2023-10-18T00:00:00Z");
  @RegisterExtension static final TestStores stores = new TestStores();

  /** Process A declares breaches; process B serves requests and flushes their usage. */
  static TwoProcesses open(MutableClock clock, List<String> names) {
    TokenSpec[] specs = new TokenSpec[names.size()];
    for (int i = 0; i < specs.length; i++) {
      specs[i] = labelled(names.get(i), Map.of("vendor", "okta"));
    }
    return TwoProcesses.open(stores, TestStores.POSTGRES, clock, specs);
  }

  /** Secrets issued on A (a rotation with no grace returns one), by name. */
  static List<TokenView> issue(ControlPlane a, List<String> names) {
    return names.stream().map(n -> a.tokens().rotate(n, Duration.ZERO)).toList();
  }

  static void use(ControlPlane cp, TokenView t) {
    assertThat(
            cp.tokens().verify(t.clientId(), t.clientSecret(), CI_IP, "198.51.100.7", "git").ok())
        .isTrue();
  }

  /**
   * The interleaving that deadlocks when the orders differ, made certain with a trigger that pauses
   * a usage write for 300 ms after each row it updates: the flush on B holds its first row and
   * sleeps; meanwhile the breach on A locks its rows. B's flush queue is in reverse name order (the
   * order of the uses), the breach used to lock by name: without one global order the breach holds
   * "okta-a" and waits for "okta-b", which the flush holds while it waits for "okta-a".
   */
  @Test
  void aBreachAndAUsageFlushOnOverlappingTokensNeverDeadlock() throws Exception {
    MutableClock clock = new MutableClock(T0);
    List<String> names = List.of("okta-a", "okta-b");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TwoProcesses p = open(clock, names)) {
      List<TokenView> tokens = issue(p.a(), names);
      p.b().refresh();
      clock.advance(Duration.ofDays(30));
      try (Connection c = p.storeA().connectDirect();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE FUNCTION usage_pause() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$");
        s.execute(
            "CREATE TRIGGER usage_pause AFTER UPDATE OF last_used_at ON tokens FOR EACH ROW"
                + " EXECUTE FUNCTION usage_pause()");
      }
      for (int round = 0; round < 3; round++) {
        clock.advance(Duration.ofSeconds(1));
        use(p.b(), tokens.get(1)); // okta-b first: B's queue is in reverse name order
        use(p.b(), tokens.get(0));
        Future<Integer> flush = pool.submit(() -> p.b().tokens().flushUsage());
        Future<BreachResult> breach =
            pool.submit(
                () -> {
                  Thread.sleep(100); // the flush holds its first row and sleeps in the trigger
                  return p.a().breaches().declare("okta", BREACH_SINCE, "report", "ana");
                });
        assertThat(flush.get(30, TimeUnit.SECONDS)).as("round %d", round).isEqualTo(2);
        assertThat(breach.get(30, TimeUnit.SECONDS).tokens())
            .as("round %d", round)
            .containsExactly("okta-a", "okta-b");
        assertThat(p.retried()).as("transactions aborted (deadlock) by round %d", round).isZero();
        for (String n : names) {
          assertThat(p.storeA().tokens().findByName(n).orElseThrow().lastUsedAt())
              .isEqualTo(clock.instant());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * No trigger: many rounds of a breach on A racing usage flushes on both processes over twelve
   * tokens used in a random order. Without one lock order this deadlocks only sometimes (the window
   * is a round trip between two row locks); the test above is the one that is certain.
   */
  @Test
  void manyConcurrentBreachesAndFlushesAllSucceedWithoutRetries() throws Exception {
    MutableClock clock = new MutableClock(T0);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      names.add("okta-" + (char) ('a' + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    Random random = new Random(42);
    try (TwoProcesses p = open(clock, names)) {
      List<TokenView> tokens = issue(p.a(), names);
      p.b().refresh();
      clock.advance(Duration.ofDays(30));
      CyclicBarrier go = new CyclicBarrier(3);
      for (int round = 0; round < 150; round++) {
        clock.advance(Duration.ofSeconds(1));
        List<TokenView> order = new ArrayList<>(tokens);
        Collections.shuffle(order, random);
        order.forEach(t -> use(p.b(), t));
        Collections.shuffle(order, random);
        order.subList(0, 6).forEach(t -> use(p.a(), t));
        Future<Integer> flushB =
            pool.submit(
                () -> {
                  go.await();
                  return p.b().tokens().flushUsage();
                });
        Future<Integer> flushA =
            pool.submit(
                () -> {
                  go.await();
                  return p.a().tokens().flushUsage();
                });
        Future<BreachResult> breach =
            pool.submit(
                () -> {
                  go.await();
                  return p.a().breaches().declare("okta", BREACH_SINCE, "report", "ana");
                });
        assertThat(flushB.get(30, TimeUnit.SECONDS)).isEqualTo(12);
        assertThat(flushA.get(30, TimeUnit.SECONDS)).isEqualTo(6);
        assertThat(breach.get(30, TimeUnit.SECONDS).tokens()).hasSize(12);
      }
      assertThat(p.retried()).as("transactions aborted (deadlock) and retried").isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
