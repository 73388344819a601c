package dev.drawbridge.detect.window;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * value_count: distinct values of the counted field with the time each was last seen, oldest first;
 * at most {@code capacity} values are kept (the condition's largest bound plus one). Matches
 * without the field do not count.
 */
public final class ValueCountState extends GroupState {
  private static final class Seen {
    long time;
    String requestId;

    Seen(long time, String requestId) {
      this.time = time;
      this.requestId = requestId;
    }

    long time() {
      return time;
    }

    String requestId() {
      return requestId;
    }
  }

  /** Access order: touching a value moves it to the newest end. */
  private final LinkedHashMap<String, Seen> values = new LinkedHashMap<>(8, 0.75f, true);

  private final int capacity;

  public ValueCountState(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public long add(long positions, long time, long spanMillis, String requestId, String value) {
    long now = advance(time);
    if (value != null) {
      Seen seen = values.get(value);
      if (seen != null) {
        seen.time = time;
        seen.requestId = requestId;
      } else {
        values.put(value, new Seen(time, requestId));
      }
      if (values.size() > capacity) {
        Iterator<?> it = values.values().iterator();
        it.next();
        it.remove();
      }
    }
    long from = now - spanMillis;
    Iterator<Seen> it = values.values().iterator();
    while (it.hasNext() && it.next().time() < from) {
      it.remove();
    }
    return values.size();
  }

  @Override
  public long firstTime() {
    long min = lastTime;
    for (Seen s : values.values()) {
      min = Math.min(min, s.time());
    }
    return min;
  }

  @Override
  public List<String> requestIds() {
    List<String> out = new ArrayList<>();
    int skip = Math.max(0, values.size() - MAX_REQUEST_IDS);
    for (Map.Entry<String, Seen> e : values.entrySet()) {
      if (skip-- > 0) {
        continue;
      }
      if (e.getValue().requestId() != null) {
        out.add(e.getValue().requestId());
      }
    }
    return out;
  }
}
