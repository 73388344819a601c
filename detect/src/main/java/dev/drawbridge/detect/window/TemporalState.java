package dev.drawbridge.detect.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * temporal: the newest match time of each referenced rule; the count is how many rules matched
 * within the window ending at the newest event.
 */
public final class TemporalState extends GroupState {
  private final long[] last;
  private final String[] ids;
  private long from = Long.MIN_VALUE;

  public TemporalState(int rules) {
    last = new long[rules];
    ids = new String[rules];
    Arrays.fill(last, Long.MIN_VALUE);
  }

  @Override
  public long add(long positions, long time, long spanMillis, String requestId, String value) {
    long now = advance(time);
    for (int i = 0; i < last.length; i++) {
      if ((positions & (1L << i)) != 0 && time >= last[i]) {
        last[i] = time;
        ids[i] = requestId;
      }
    }
    from = now - spanMillis;
    long count = 0;
    for (long t : last) {
      if (t != Long.MIN_VALUE && t >= from) {
        count++;
      }
    }
    return count;
  }

  @Override
  public long firstTime() {
    long min = lastTime;
    for (long t : last) {
      if (t != Long.MIN_VALUE && t >= from) {
        min = Math.min(min, t);
      }
    }
    return min;
  }

  @Override
  public List<String> requestIds() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < last.length; i++) {
      if (last[i] != Long.MIN_VALUE && last[i] >= from && ids[i] != null) {
        out.add(ids[i]);
      }
    }
    return out;
  }
}
