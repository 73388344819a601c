package dev.drawbridge.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted by an offset the demo moves: months pass between the vendor's breach and
 * the replay in a second, while events within a step keep real millisecond spacing.
 */
public final class OffsetClock extends Clock {
  private final Clock base = Clock.systemUTC();
  private volatile Duration offset;

  public OffsetClock(Duration offset) {
    this.offset = offset;
  }

  public void set(Duration offset) {
    this.offset = offset;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset);
  }
}
