package dev.drawbridge.detect.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * temporal_ordered: for each prefix r0..rk of the referenced rules, the latest start time of a
 * chain of matches in that order (a later start leaves the most room for the rest). An event
 * matching several rules advances at most one step of a chain. The count returned is the rule count
 * when the whole chain completed within the window with this event, else the length of the longest
 * live prefix.
 */
public final class OrderedState extends GroupState {
  private static final long NONE = Long.MIN_VALUE;
  private final long[] start;
  private final List<List<String>> ids;
  private long completedStart = NONE;
  private List<String> completedIds = List.of();

  public OrderedState(int rules) {
    start = new long[rules];
    Arrays.fill(start, NONE);
    ids = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      ids.add(List.of());
    }
  }

  @Override
  public long add(long positions, long time, long spanMillis, String requestId, String value) {
    long now = advance(time);
    long from = now - spanMillis;
    int n = start.length;
    boolean completed = false;
    for (int k = n - 1; k >= 0; k--) {
      if ((positions & (1L << k)) == 0) {
        continue;
      }
      long s;
      List<String> chain;
      if (k == 0) {
        s = time;
        chain = List.of();
      } else if (start[k - 1] != NONE && start[k - 1] >= from) {
        s = start[k - 1];
        chain = ids.get(k - 1);
      } else {
        continue;
      }
      if (start[k] == NONE || s >= start[k]) {
        start[k] = s;
        List<String> extended = new ArrayList<>(chain);
        if (requestId != null && extended.size() < MAX_REQUEST_IDS) {
          extended.add(requestId);
        }
        ids.set(k, extended);
        if (k == n - 1) {
          completed = true;
          completedStart = s;
          completedIds = extended;
        }
      }
    }
    if (completed) {
      return n;
    }
    long live = 0;
    for (int k = 0; k < n; k++) {
      if (start[k] != NONE && start[k] >= from) {
        live = k + 1;
      }
    }
    return Math.min(live, n - 1);
  }

  @Override
  public long firstTime() {
    return completedStart == NONE ? lastTime : completedStart;
  }

  @Override
  public List<String> requestIds() {
    return completedIds;
  }
}
