package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timer decides by an injected clock; the executor's real delays only say when it looks. So the
 * outcomes below do not depend on how fast this machine is.
 */
class LazyTimerTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger fired = new AtomicInteger();
  private final LazyTimer timer = new LazyTimer(loop, fired::incrementAndGet, now::get);

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
  }

  private <T> T onLoop(Callable<T> c) throws Exception {
    return loop.submit(c).get();
  }

  private void run(Runnable r) throws Exception {
    loop.submit(r).get();
  }

  private static long ms(long m) {
    return m * 1_000_000L;
  }

  @Test
  void firesOnceWhenTheDeadlinePasses() throws Exception {
    run(() -> timer.arm(5));
    now.set(ms(6));
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
    assertThat(onLoop(timer::armed)).isFalse();
  }

  @Test
  void reArmingPushesTheDeadlineOutWithoutFiring() throws Exception {
    run(() -> timer.arm(5)); // a task is queued for 5 ms from now
    now.set(ms(4));
    run(() -> timer.arm(5)); // deadline now 9 ms on the injected clock
    // the queued task runs (real time) while the injected clock still says 4 ms: it re-schedules
    await()
        .atMost(Duration.ofSeconds(5))
        .during(Duration.ofMillis(100))
        .until(() -> fired.get() == 0);
    now.set(ms(9));
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
  }

  @Test
  void disarmedTimerNeverFires() throws Exception {
    run(() -> timer.arm(5));
    run(timer::disarm);
    now.set(ms(100));
    await()
        .atMost(Duration.ofSeconds(5))
        .during(Duration.ofMillis(100))
        .until(() -> fired.get() == 0);
    assertThat(onLoop(timer::armed)).isFalse();
  }

  @Test
  void anEarlierDeadlineReplacesALaterQueuedTask() throws Exception {
    run(() -> timer.arm(60_000)); // queued a minute out in real time
    run(() -> timer.arm(5)); // must not wait for that minute
    now.set(ms(6));
    await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
  }

  @Test
  void cancelRemovesTheQueuedTask() throws Exception {
    run(() -> timer.arm(60_000));
    run(timer::cancel);
    now.set(ms(120_000));
    await()
        .atMost(Duration.ofSeconds(5))
        .during(Duration.ofMillis(50))
        .until(() -> fired.get() == 0);
  }
}
