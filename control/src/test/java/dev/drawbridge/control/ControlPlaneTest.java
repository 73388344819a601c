package dev.drawbridge.control;

import static dev.drawbridge.control.TokenServiceTest.CI_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import dev.drawbridge.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlPlaneTest {
  static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  @RegisterExtension static final TestStores stores = new TestStores();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void locksHonourTheirTtlAndSurviveARestart(String backend) {
    MutableClock clock = new MutableClock(T0);
    String url = stores.url(backend);
    Path dir = stores.tempDir();
    try (Store store = Store.open(new StoreConfig(url), dir)) {
      LockService locks = new ControlPlane(store, null, clock).locks();
      locks.lock("Mallory@corp.example", "bulk download", Duration.ofHours(24), "detect");
      locks.lock("ci-bot", "breach", null, "ana");
      assertThat(locks.lockOf("mallory@corp.example")).isPresent();
      clock.advance(Duration.ofHours(23));
      assertThat(locks.list()).extracting(Lock::principal).contains("mallory@corp.example");
      clock.advance(Duration.ofHours(1));
      assertThat(locks.lockOf("mallory@corp.example")).isEmpty();
      assertThat(locks.list()).extracting(Lock::principal).containsExactly("ci-bot");
    }
    try (Store store = Store.open(new StoreConfig(url), dir)) {
      LockService locks = new ControlPlane(store, null, clock).locks();
      assertThat(locks.lockOf("ci-bot").orElseThrow().reason()).isEqualTo("breach");
      assertThat(locks.unlock("ci-bot")).isTrue();
      assertThat(locks.lockOf("ci-bot")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aDetectionLockNeverShortensAnOperatorsLockUntilUnlocked(String backend) {
    MutableClock clock = new MutableClock(T0);
    String url = stores.url(backend);
    Path dir = stores.tempDir();
    try (Store store = Store.open(new StoreConfig(url), dir)) {
      LockService locks = new ControlPlane(store, null, clock).locks();
      locks.lock("mallory@corp.example", "incident", null, "admin");
      Lock after = locks.lock("mallory@corp.example", "rule x", Duration.ofHours(24), "detection");
      assertThat(after.reason()).isEqualTo("incident");
      assertThat(after.expiresAt()).isNull();
      clock.advance(Duration.ofHours(25));
      Lock l = locks.lockOf("mallory@corp.example").orElseThrow();
      assertThat(l.reason()).isEqualTo("incident");
      assertThat(l.createdBy()).isEqualTo("admin");
    }
    try (Store store = Store.open(new StoreConfig(url), dir)) { // the store kept it too
      LockService locks = new ControlPlane(store, null, clock).locks();
      assertThat(locks.lockOf("mallory@corp.example").orElseThrow().reason()).isEqualTo("incident");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void placeSaysWhetherTheLockAskedForOrOneAlreadyInForceHolds(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = Store.open(new StoreConfig(stores.url(backend)), stores.tempDir())) {
      LockService locks = new ControlPlane(store, null, clock).locks();
      String p = "mallory@corp.example";
      assertThat(locks.place(p, "rule x", Duration.ofHours(24), "detection").keptExisting())
          .as("the first lock")
          .isFalse();
      clock.advance(Duration.ofMinutes(1));
      LockService.Placed same = locks.place(p, "rule x", Duration.ofHours(1), "detection");
      assertThat(same.keptExisting()).as("the same rule's longer lock stays").isTrue();
      assertThat(same.inForce().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
      clock.advance(Duration.ofMinutes(1));
      assertThat(locks.place(p, "rule x", Duration.ofHours(48), "detection").keptExisting())
          .as("a longer lock replaces it")
          .isFalse();
      locks.lock(p, "incident", null, "admin");
      clock.advance(Duration.ofMinutes(1));
      assertThat(locks.place(p, "rule x", Duration.ofHours(48), "detection").keptExisting())
          .as("an operator's lock until unlocked stays")
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aLongerLockExtendsAShorterOneButAShorterOneDoesNotCutItBack(String backend) {
    MutableClock clock = new MutableClock(T0);
    try (Store store = Store.open(new StoreConfig(stores.url(backend)), stores.tempDir())) {
      LockService locks = new ControlPlane(store, null, clock).locks();
      locks.lock("mallory@corp.example", "rule x", Duration.ofHours(1), "detection");
      Lock longer = locks.lock("mallory@corp.example", "incident", Duration.ofHours(48), "admin");
      assertThat(longer.reason()).isEqualTo("incident");
      assertThat(longer.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(48)));
      locks.lock("mallory@corp.example", "rule x", Duration.ofHours(24), "detection");
      clock.advance(Duration.ofHours(25));
      assertThat(locks.lockOf("mallory@corp.example").orElseThrow().reason()).isEqualTo("incident");
      clock.advance(Duration.ofHours(23));
      assertThat(locks.lockOf("mallory@corp.example")).isEmpty();
      Lock again = locks.lock("mallory@corp.example", "rule y", Duration.ofHours(1), "detection");
      assertThat(again.reason()).isEqualTo("rule y"); // an expired lock is replaced
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aRevocationOrLockThroughOneProcessIsEnforcedByAnotherWithinOneSecond(String backend) {
    String url = stores.url(backend);
    Path dir = stores.tempDir(); // SQLite: both "processes" share one file
    Clock clock = Clock.systemUTC();
    try (Store storeA = Store.open(new StoreConfig(url), dir);
        Store storeB = Store.open(new StoreConfig(url), dir);
        ControlPlane a = new ControlPlane(storeA, null, clock);
        ControlPlane b = new ControlPlane(storeB, null, clock)) {
      List<String> seenByB = new CopyOnWriteArrayList<>();
      b.onChange(seenByB::add);
      b.startSync(ControlPlane.SYNC_EVERY);

      CreatedToken t = a.tokens().create(TokenServiceTest.spec("ci-bot", List.of()));
      within(Duration.ofSeconds(1), () -> verifyOn(b, t).ok());

      long start = System.nanoTime();
      a.tokens().revoke("ci-bot");
      within(
          Duration.ofSeconds(1),
          () -> TokenCheck.CREDENTIAL_REVOKED.equals(verifyOn(b, t).reason()));
      Duration revokeSeen = Duration.ofNanos(System.nanoTime() - start);

      a.locks().lock("mallory@corp.example", "lateral movement", null, "detect");
      within(Duration.ofSeconds(1), () -> b.locks().lockOf("mallory@corp.example").isPresent());
      a.alerts().save("al1", Instant.now(), "drawbridge.bulk-download", "mallory", "{}");
      within(Duration.ofSeconds(1), () -> seenByB.contains(Change.ALERT));
      assertThat(seenByB).contains(Change.TOKEN, Change.LOCK);
      System.out.printf(
          "[%s] revocation seen by the other process after %d ms%n",
          backend, revokeSeen.toMillis());
    }
  }

  @Test
  void usageFromAnotherProcessIsMergedNotLost() {
    Path dir = stores.tempDir();
    MutableClock clock = new MutableClock(T0);
    try (Store storeA = Store.open(new StoreConfig(null), dir);
        Store storeB = Store.open(new StoreConfig(null), dir)) {
      ControlPlane a = new ControlPlane(storeA, null, clock);
      CreatedToken t = a.tokens().create(TokenServiceTest.spec("ci-bot", List.of()));
      ControlPlane b = new ControlPlane(storeB, null, clock);
      clock.advance(Duration.ofDays(3));
      assertThat(verifyOn(a, t).ok()).isTrue();
      a.tokens().flushUsage();
      b.refresh();
      clock.advance(Duration.ofDays(2));
      TokenCheck onB = verifyOn(b, t);
      assertThat(onB.credentialIdleDays()).isEqualTo(2);
      assertThat(onB.newNetwork()).isFalse();
      assertThat(b.tokens().find("ci-bot").orElseThrow().lastUsedAt())
          .isEqualTo(T0.plus(Duration.ofDays(5)));
    }
  }

  @Test
  void aProcessThatFellBehindAPrunedFeedReloadsEverything() {
    Path dir = stores.tempDir();
    MutableClock clock = new MutableClock(T0);
    try (Store storeA = Store.open(new StoreConfig(null), dir);
        Store storeB = Store.open(new StoreConfig(null), dir)) {
      ControlPlane a = new ControlPlane(storeA, null, clock);
      CreatedToken t = a.tokens().create(TokenServiceTest.spec("ci-bot", List.of()));
      ControlPlane b = new ControlPlane(storeB, null, clock);
      clock.advance(Duration.ofHours(2));
      a.tokens().revoke("ci-bot");
      storeA.changes().prune(clock.instant().plusSeconds(1)); // the revoke's entry is gone
      b.refresh();
      assertThat(verifyOn(b, t).reason()).isEqualTo(TokenCheck.CREDENTIAL_REVOKED);
    }
  }

  @Test
  void alertsAreListedNewestFirst() {
    try (Store store = stores.open(TestStores.SQLITE)) {
      AlertService alerts = new ControlPlane(store, null, Clock.systemUTC()).alerts();
      alerts.save("a1", T0, "r1", "ana", "{\"id\":\"a1\"}");
      alerts.save("a2", T0.plusSeconds(60), "r2", "bo", "{\"id\":\"a2\"}");
      assertThat(alerts.list(null)).containsExactly("{\"id\":\"a2\"}", "{\"id\":\"a1\"}");
      assertThat(alerts.list(T0.plusSeconds(1))).containsExactly("{\"id\":\"a2\"}");
    }
  }

  static TokenCheck verifyOn(ControlPlane cp, CreatedToken t) {
    return cp.tokens().verify(t.clientId(), t.clientSecret(), CI_IP, "198.51.100.7", "git");
  }

  /** Polls a condition on the wall clock (the other process's sync is real time, not moved). */
  static void within(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toMillis() + " ms");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
