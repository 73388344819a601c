package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.FaultyFiles;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.gateway.AccessRecorder;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.Verdict;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the response may leave: strict waits for the disk, batched only for acceptance. */
class AuditRecorderTest {
  @TempDir Path dir;

  private static AuditConfig config(AuditConfig.Durability d) {
    AuditConfig x = AuditConfig.defaults();
    return new AuditConfig(
        d,
        x.batchWindow(),
        x.checkpointEvery(),
        x.checkpointInterval(),
        x.segmentBytes(),
        x.webhook());
  }

  private static RequestContext request(String id) throws Exception {
    return new RequestContext(
        id,
        System.nanoTime(),
        System.currentTimeMillis(),
        null,
        "localhost",
        "GET",
        "/",
        null,
        new DefaultHttpHeaders(),
        InetAddress.getByName("127.0.0.1"),
        "127.0.0.1",
        false,
        false,
        "test");
  }

  private static final AccessRecorder.Outcome OK = new AccessRecorder.Outcome(200, 100, 1);

  private final FaultyFiles disk = new FaultyFiles();
  private final CountDownLatch held = new CountDownLatch(1);

  private AuditLog open(AuditConfig.Durability d) throws Exception {
    return AuditLog.open(dir, config(d), Clock.systemUTC(), disk);
  }

  @Test
  void strictHoldsTheResponseUntilTheEventIsOnDisk() throws Exception {
    disk.forceGate = held;
    try (AuditLog log = open(AuditConfig.Durability.STRICT)) {
      AuditRecorder r = new AuditRecorder(log);
      CompletableFuture<Void> f = r.record(request("r1"), Verdict.deny("test"), OK);
      await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !f.isDone());
      held.countDown();
      await().atMost(Duration.ofSeconds(10)).until(f::isDone);
      assertThat(f).isCompleted();
      assertThat(log.lastSeq()).isEqualTo(1);
    }
  }

  @Test
  void batchedLetsTheResponseGoOnceTheEventIsAcceptedAndWritesItSoonAfter() throws Exception {
    disk.segmentWriteGate = held;
    try (AuditLog log = open(AuditConfig.Durability.BATCHED)) {
      AuditRecorder r = new AuditRecorder(log);
      CompletableFuture<Void> f = r.record(request("r1"), Verdict.deny("test"), OK);
      assertThat(f).as("not held by the (blocked) disk").isCompleted();
      assertThat(log.lastSeq()).isZero();
      held.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> log.lastSeq() == 1);
      assertThat(r.lost()).isZero();
    }
  }

  @Test
  void batchedCountsAnAcceptedEventTheDiskThenLostAndRefusesTheNext() throws Exception {
    disk.segmentWriteGate = held;
    try (AuditLog log = open(AuditConfig.Durability.BATCHED)) {
      AuditRecorder r = new AuditRecorder(log);
      CompletableFuture<Void> f = r.record(request("r1"), Verdict.deny("test"), OK);
      assertThat(f).isCompleted();
      disk.failWrites = true;
      held.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> r.lost() == 1);
      assertThat(r.available()).as("fails closed").isFalse();
      CompletableFuture<Void> next = r.record(request("r2"), Verdict.deny("test"), OK);
      assertThat(next).isCompletedExceptionally();
    }
  }

  @Test
  void formatsEventTimesExactlyAsTheFormatterDoes() {
    java.util.Random r = new java.util.Random(7);
    long[] fixed = {0, 999, 1000, -1, -1000, -1001, 1_700_000_000_000L, 253_402_300_799_999L};
    for (long t : fixed) {
      assertThat(AuditRecorder.time(t)).isEqualTo(expected(t));
    }
    long t = 1_764_000_000_000L;
    for (int i = 0; i < 20_000; i++) {
      t += r.nextInt(3) == 0 ? r.nextInt(5_000) : r.nextInt(3);
      assertThat(AuditRecorder.time(t)).isEqualTo(expected(t));
    }
  }

  private static String expected(long t) {
    return AuditRecorder.TIME.format(java.time.Instant.ofEpochMilli(t));
  }
}
