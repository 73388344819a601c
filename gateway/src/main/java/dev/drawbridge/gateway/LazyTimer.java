package dev.drawbridge.gateway;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A one-shot timeout that is cheap to re-arm and disarm many times per second: arming only moves a
 * deadline, and at most one task sits in the executor's queue. When that task runs it fires the
 * action if the deadline has passed, or re-schedules itself for the time that is left. Arming a
 * deadline earlier than the queued task's replaces the task. Event-loop confined: every method must
 * be called on {@code executor}.
 */
final class LazyTimer {
  private static final long DISARMED = Long.MIN_VALUE;

  private final EventExecutor executor;
  private final Runnable action;
  private final LongSupplier nanoTime;
  private long deadline = DISARMED;
  private ScheduledFuture<?> task;
  private long taskAt;

  LazyTimer(EventExecutor executor, Runnable action) {
    this(executor, action, System::nanoTime);
  }

  LazyTimer(EventExecutor executor, Runnable action, LongSupplier nanoTime) {
    this.executor = executor;
    this.action = action;
    this.nanoTime = nanoTime;
  }

  /** Fires {@code action} once after {@code millis}, unless disarmed or re-armed before. */
  void arm(long millis) {
    long now = nanoTime.getAsLong();
    deadline = now + TimeUnit.MILLISECONDS.toNanos(millis);
    if (task != null && taskAt - deadline > 0) {
      task.cancel(false);
      task = null;
    }
    if (task == null) {
      schedule(deadline - now);
    }
  }

  void disarm() {
    deadline = DISARMED;
  }

  boolean armed() {
    return deadline != DISARMED;
  }

  /** Disarms and removes the queued task (the connection is gone). */
  void cancel() {
    deadline = DISARMED;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void schedule(long delayNanos) {
    taskAt = nanoTime.getAsLong() + delayNanos;
    task = executor.schedule(this::onTask, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void onTask() {
    task = null;
    if (deadline == DISARMED) {
      return;
    }
    long left = deadline - nanoTime.getAsLong();
    if (left > 0) {
      schedule(left);
      return;
    }
    deadline = DISARMED;
    action.run();
  }
}
