package dev.drawbridge.detect.window;

import java.util.ArrayList;
import java.util.List;

/**
 * event_count: a ring of the newest match times, no larger than the condition needs (its largest
 * bound plus one), so a group costs O(threshold) memory.
 */
public final class EventCountState extends GroupState {
  private final int capacity;
  private long[] times;
  private String[] ids;
  private int head;
  private int size;

  /** The ring starts small and doubles up to {@code capacity}, so quiet groups stay cheap. */
  public EventCountState(int capacity) {
    this.capacity = capacity;
    int initial = Math.min(capacity, 4);
    times = new long[initial];
    ids = new String[initial];
  }

  private void grow() {
    int n = Math.min(capacity, times.length * 2);
    long[] t = new long[n];
    String[] r = new String[n];
    for (int i = 0; i < size; i++) {
      t[i] = times[(head + i) % times.length];
      r[i] = ids[(head + i) % times.length];
    }
    times = t;
    ids = r;
    head = 0;
  }

  @Override
  public long add(long positions, long time, long spanMillis, String requestId, String value) {
    long now = advance(time);
    if (size == times.length && times.length < capacity) {
      grow();
    }
    int cap = times.length;
    if (size == cap) {
      head = (head + 1) % cap;
      size--;
    }
    int slot = (head + size) % cap;
    times[slot] = time;
    ids[slot] = requestId;
    size++;
    long from = now - spanMillis;
    while (size > 0 && times[head] < from) {
      ids[head] = null;
      head = (head + 1) % cap;
      size--;
    }
    return size;
  }

  @Override
  public long firstTime() {
    return size == 0 ? lastTime : times[head];
  }

  @Override
  public List<String> requestIds() {
    List<String> out = new ArrayList<>();
    for (int i = Math.max(0, size - MAX_REQUEST_IDS); i < size; i++) {
      String id = ids[(head + i) % times.length];
      if (id != null) {
        out.add(id);
      }
    }
    return out;
  }
}
