package dev.drawbridge.detect.window;

import java.util.List;

/**
 * The window of one correlation for one group-by key. Windows are inclusive at both ends: a match
 * exactly {@code timespan} before the newest one still counts.
 */
public abstract class GroupState {
  /** How many request ids an alert carries at most. */
  public static final int MAX_REQUEST_IDS = 20;

  long lastTime = Long.MIN_VALUE;

  // Links owned by the GroupTable holding this state (intrusive: no separate map entry per group).
  String key;
  int hash;

  /** Next state in the same hash bucket. */
  GroupState chain;

  /** Neighbours in least-recently-touched order (before = older, after = newer). */
  GroupState before;

  GroupState after;

  /**
   * Adds a match of the referenced rules whose positions are set in {@code positions}, at {@code
   * time} (epoch ms), and returns the count the condition is tested on.
   *
   * @param value the counted field's text for value_count, else ignored
   */
  public abstract long add(
      long positions, long time, long spanMillis, String requestId, String value);

  /** Time of the oldest match still counted. */
  public abstract long firstTime();

  /** Request ids of counted matches, oldest first, at most {@link #MAX_REQUEST_IDS}. */
  public abstract List<String> requestIds();

  /** The newest time seen in this group. */
  public long lastTime() {
    return lastTime;
  }

  long advance(long time) {
    lastTime = Math.max(lastTime, time);
    return lastTime;
  }
}
