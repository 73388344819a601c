package dev.drawbridge.audit;

import static dev.drawbridge.audit.Fixtures.T0;
import static dev.drawbridge.audit.Fixtures.access;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {
  @TempDir Path data;
  final MutableClock clock = new MutableClock(T0);
  final FaultyFiles files = new FaultyFiles();

  @Test
  void groupCommitMakesFarFewerFsyncsThanEvents() throws Exception {
    files.forceDelayMillis = 2;
    int threads = 32;
    int each = 20;
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock, files)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    log.append(access("ana", "git", "allow")).join();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(log.lastSeq()).isEqualTo(threads * each);
      assertThat(files.forces.get()).isLessThan(threads * each / 4);
    }
    assertThat(AuditVerifier.verify(data).verified()).isEqualTo(threads * each);
  }

  @Test
  void strictCompletesOnlyAfterTheForce() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock, files)) {
      files.forceGate = gate;
      CompletableFuture<AuditRecord> f = log.append(access("ana", "git", "allow"));
      Fixtures.eventually(() -> files.writes.get() == 1);
      assertThat(f).isNotDone();
      gate.countDown();
      assertThat(f.get(5, TimeUnit.SECONDS).seq()).isEqualTo(1);
      assertThat(files.forces.get()).isEqualTo(1);
    }
  }

  @Test
  void batchedCompletesBeforeTheForceAndForcesWithinTheWindow() throws Exception {
    try (AuditLog log =
        AuditLog.open(data, Fixtures.batched(Duration.ofMinutes(1)), clock, files)) {
      AuditRecord r = log.append(access("ana", "git", "allow")).get(5, TimeUnit.SECONDS);
      assertThat(r.seq()).isEqualTo(1);
      assertThat(files.forces.get()).isZero();
      clock.advance(Duration.ofSeconds(59));
      log.append(access("ana", "git", "allow")).get(5, TimeUnit.SECONDS);
      assertThat(files.forces.get()).isZero();
      clock.advance(Duration.ofSeconds(1));
      Fixtures.eventually(() -> files.forces.get() == 1);
    }
  }

  @Test
  void aFailingDiskFailsAppendsUntilWritesWorkAgain() throws Exception {
    try (AuditLog log =
        AuditLog.open(data, Fixtures.strict(), clock, files, Duration.ofMillis(10))) {
      log.append(access("ana", "git", "allow")).get();
      files.failWrites = true;
      CompletableFuture<AuditRecord> failed = log.append(access("ana", "git", "allow"));
      assertThat(failed)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(AuditUnavailableException.class);
      assertThat(log.healthy()).isFalse();
      assertThat(log.lastError()).hasMessageContaining("No space left");
      assertThat(log.append(access("ana", "git", "allow"))).isCompletedExceptionally();
      files.failWrites = false;
      Fixtures.eventually(log::healthy);
      assertThat(log.append(access("ana", "git", "allow")).get().seq()).isEqualTo(2);
    }
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(2);
  }

  @Test
  void anOfferIsWrittenWithoutAFutureAndCountedWhenTheDiskLosesIt() throws Exception {
    java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
    LossCounter lost = new LossCounter(count, "test event(s)");
    try (AuditLog log =
        AuditLog.open(
            data, Fixtures.batched(Duration.ofMinutes(1)), clock, files, Duration.ofMillis(10))) {
      assertThat(log.offer(access("ana", "git", "allow"), lost)).isNull();
      Fixtures.eventually(() -> log.lastSeq() == 1);
      files.failWrites = true;
      assertThat(log.offer(access("ana", "git", "allow"), lost)).isNull(); // accepted, then lost
      Fixtures.eventually(() -> count.get() == 1);
      assertThat(log.healthy()).isFalse();
      assertThat(log.offer(access("ana", "git", "allow"), lost))
          .isInstanceOf(AuditUnavailableException.class); // refused at once while unhealthy
      files.failWrites = false;
      Fixtures.eventually(log::healthy);
      assertThat(log.offer(java.util.Map.of("no", "name"), lost))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(log.offer(access("ana", "git", "allow"), lost)).isNull();
      Fixtures.eventually(() -> log.lastSeq() == 2);
      assertThat(lost.lost()).isEqualTo(1);
      assertThat(lost).isNotDone(); // shared by every offer: never completed
    }
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(2);
  }

  @Test
  void anUncheckedFailureFailsTheBatchInsteadOfKillingTheWriter() throws Exception {
    try (AuditLog log =
        AuditLog.open(data, Fixtures.smallSegments(1000), clock, files, Duration.ofMillis(10))) {
      // Appends fill the first segment (4 KiB) until one batch must rotate; the rotation throws.
      files.openThrows = new IllegalStateException("provider bug (injected)");
      CompletableFuture<AuditRecord> failed = log.append(access("ana", "git", "allow"));
      for (int i = 0; i < 100 && succeeds(failed); i++) {
        failed = log.append(access("ana", "git", "allow")); // the segment was not full yet
      }
      assertThat(failed)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(AuditUnavailableException.class);
      assertThat(log.healthy()).isFalse();
      assertThat(log.lastError()).hasMessageContaining("provider bug");
      files.openThrows = null;
      Fixtures.eventually(log::healthy);
      long before = log.lastSeq();
      assertThat(log.append(access("ana", "git", "allow")).get(5, TimeUnit.SECONDS).seq())
          .isEqualTo(before + 1);
    }
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
  }

  /** Waits (at most 5 s) for {@code f}; false if it failed or did not complete. */
  private static boolean succeeds(CompletableFuture<?> f) {
    try {
      f.get(5, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void reconfigureSwitchesDurabilityBetweenBatches() throws Exception {
    // a mutable clock that never moves: batched mode never reaches its window and forces nothing
    try (AuditLog log =
        AuditLog.open(data, Fixtures.batched(Duration.ofSeconds(1)), clock, files)) {
      log.append(access("ana", "git", "allow")).join();
      assertThat(files.forces.get()).isZero();

      assertThat(log.reconfigure(Fixtures.strict(), Duration.ofSeconds(10))).isTrue();
      assertThat(log.durability()).isEqualTo(AuditConfig.Durability.STRICT);
      int afterSwitch = files.forces.get();
      assertThat(afterSwitch).as("what batched mode had written is forced on the switch").isOne();
      log.append(access("ana", "git", "allow")).join();
      assertThat(files.forces.get()).isEqualTo(afterSwitch + 1);

      assertThat(log.reconfigure(Fixtures.batched(Duration.ofSeconds(1)), Duration.ofSeconds(10)))
          .isTrue();
      log.append(access("ana", "git", "allow")).join();
      assertThat(files.forces.get()).isEqualTo(afterSwitch + 1);
    }
    assertThat(AuditVerifier.verify(data).ok()).isTrue();
  }

  @Test
  void aForceThatFailsOnTheSwitchToStrictFailsClosedLikeAnyFailedForce() throws Exception {
    try (AuditLog log =
        AuditLog.open(
            data, Fixtures.batched(Duration.ofSeconds(1)), clock, files, Duration.ofMillis(10))) {
      log.append(access("ana", "git", "allow")).join();
      files.failWrites = true;
      assertThatThrownBy(() -> log.reconfigure(Fixtures.strict(), Duration.ofSeconds(10)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("No space left");
      assertThat(log.healthy()).isFalse();
      assertThat(log.durability()).isEqualTo(AuditConfig.Durability.BATCHED);
      files.failWrites = false;
      Fixtures.eventually(log::healthy);
      assertThat(log.reconfigure(Fixtures.strict(), Duration.ofSeconds(10))).isTrue();
      assertThat(log.append(access("ana", "git", "allow")).get(5, TimeUnit.SECONDS).seq())
          .isEqualTo(2);
    }
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(2);
  }

  @Test
  void reconfigureThatTheWriterCannotTakeInTimeIsNeverApplied() throws Exception {
    try (AuditLog log =
        AuditLog.open(data, Fixtures.batched(Duration.ofSeconds(1)), clock, files)) {
      CountDownLatch disk = new CountDownLatch(1);
      files.segmentWriteGate = disk; // the writer hangs in its next write
      log.append(access("ana", "git", "allow"));
      assertThat(log.reconfigure(Fixtures.strict(), Duration.ofMillis(300))).isFalse();
      disk.countDown();
      files.segmentWriteGate = null;
      log.append(access("ana", "git", "allow")).join();
      log.append(access("ana", "git", "allow")).join();
      assertThat(log.durability()).isEqualTo(AuditConfig.Durability.BATCHED);
    }
  }
}
