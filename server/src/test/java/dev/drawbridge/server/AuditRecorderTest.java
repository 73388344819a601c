package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.audit.FaultyFiles;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.gateway.AccessRecorder;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.Verdict;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        false,
        "test");
  }

  private static final AccessRecorder.Outcome OK = new AccessRecorder.Outcome(200, 100, 1);

  private static final EventLoop NO_LOOP = null;

  private final FaultyFiles disk = new FaultyFiles();

  /** Runs {@code body} as one task (so one iteration) of a real I/O event loop, given to it. */
  private static void onLoop(LoopBody body) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      EventLoop loop = group.next();
      loop.submit(
              () -> {
                body.run(loop);
                return null;
              })
          .get(10, TimeUnit.SECONDS);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private interface LoopBody {
    void run(EventLoop loop) throws Exception;
  }

  private final CountDownLatch held = new CountDownLatch(1);

  private AuditLog open(AuditConfig.Durability d) throws Exception {
    return AuditLog.open(dir, config(d), Clock.systemUTC(), disk);
  }

  @Test
  void strictHoldsTheResponseUntilTheEventIsOnDisk() throws Exception {
    disk.forceGate = held;
    try (AuditLog log = open(AuditConfig.Durability.STRICT)) {
      AuditRecorder r = new AuditRecorder(log);
      CompletableFuture<Void> f = r.record(request("r1"), Verdict.deny("test"), OK, NO_LOOP);
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
      CompletableFuture<Void> f = r.record(request("r1"), Verdict.deny("test"), OK, NO_LOOP);
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
      CompletableFuture<Void> f = r.record(request("r1"), Verdict.deny("test"), OK, NO_LOOP);
      assertThat(f).isCompleted();
      disk.failWrites = true;
      held.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> r.lost() == 1);
      assertThat(r.available()).as("fails closed").isFalse();
      CompletableFuture<Void> next = r.record(request("r2"), Verdict.deny("test"), OK, NO_LOOP);
      assertThat(next).isCompletedExceptionally();
    }
  }

  @Test
  void strictHandsAnEventLoopIterationsEventsOverTogetherForOneFsync() throws Exception {
    try (AuditLog log = open(AuditConfig.Durability.STRICT)) {
      AuditRecorder r = new AuditRecorder(log);
      long fsyncs = log.fsyncs();
      List<CompletableFuture<Void>> fs = new ArrayList<>();
      onLoop(
          loop -> {
            for (int i = 0; i < 5; i++) {
              fs.add(r.record(request("r" + i), Verdict.deny("test"), OK, loop));
            }
            Thread.sleep(300); // time enough for the writer, had they been handed over
            assertThat(log.lastSeq()).as("not handed over before the iteration ends").isZero();
          });
      CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(log.lastSeq()).isEqualTo(5);
      assertThat(log.fsyncs() - fsyncs).as("one write and fsync for the group").isEqualTo(1);
      List<Map<String, Object>> events = log.query(AuditQuery.all());
      assertThat(events)
          .extracting(e -> e.get("request_id"))
          .containsExactly("r0", "r1", "r2", "r3", "r4");
    }
  }

  @Test
  void strictGroupsOfTwoLogsOnOneLoopEachReachTheirOwnLog() throws Exception {
    try (AuditLog a = open(AuditConfig.Durability.STRICT);
        AuditLog b =
            AuditLog.open(
                dir.resolve("other"),
                config(AuditConfig.Durability.STRICT),
                Clock.systemUTC(),
                new FaultyFiles())) {
      AuditRecorder ra = new AuditRecorder(a);
      AuditRecorder rb = new AuditRecorder(b);
      List<CompletableFuture<Void>> fs = new ArrayList<>();
      onLoop(
          loop -> {
            fs.add(ra.record(request("a1"), Verdict.deny("test"), OK, loop));
            fs.add(rb.record(request("b1"), Verdict.deny("test"), OK, loop));
            fs.add(ra.record(request("a2"), Verdict.deny("test"), OK, loop));
          });
      CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(a.query(AuditQuery.all()))
          .extracting(e -> e.get("request_id"))
          .containsExactly("a1", "a2");
      assertThat(b.query(AuditQuery.all()))
          .extracting(e -> e.get("request_id"))
          .containsExactly("b1");
    }
  }

  @Test
  void strictGroupFailsEveryResponseWhenTheDiskFails() throws Exception {
    try (AuditLog log = open(AuditConfig.Durability.STRICT)) {
      AuditRecorder r = new AuditRecorder(log);
      disk.failWrites = true;
      List<CompletableFuture<Void>> fs = new ArrayList<>();
      onLoop(
          loop -> {
            for (int i = 0; i < 3; i++) {
              fs.add(r.record(request("r" + i), Verdict.deny("test"), OK, loop));
            }
          });
      for (CompletableFuture<Void> f : fs) {
        await().atMost(Duration.ofSeconds(10)).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
      }
      assertThat(log.lastSeq()).isZero();
    }
  }
}
