package dev.drawbridge.detect;

import dev.drawbridge.detect.window.GroupState;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open alert of each group of one correlation, so that a correlation that keeps firing for the
 * same group (the same principal, for the built-in pack) within its timespan updates one alert
 * instead of raising a new one. An update keeps the alert's id and first time, adds the new
 * firing's count to the alert's count (so a {@code value_count} of 25 resources that fires again at
 * 50 reads 50), moves {@code last_time} and keeps the newest {@value GroupState#MAX_REQUEST_IDS}
 * request ids. A firing more than one timespan after the alert's {@code last_time} raises a new
 * alert. Bounded: at most {@code max} open alerts, the least recently updated forgotten first. Not
 * thread-safe.
 */
final class AlertGroups {
  /** One open alert. */
  static final class Open {
    final String id;
    final long raisedTime;
    final long firstTime;
    long lastTime;
    long count;
    int updates;
    final ArrayDeque<String> requestIds = new ArrayDeque<>();

    Open(String id, long raisedTime, long firstTime) {
      this.id = id;
      this.raisedTime = raisedTime;
      this.firstTime = firstTime;
    }

    void addRequestIds(List<String> ids) {
      for (String r : ids) {
        if (!requestIds.contains(r)) {
          requestIds.addLast(r);
        }
      }
      while (requestIds.size() > GroupState.MAX_REQUEST_IDS) {
        requestIds.removeFirst();
      }
    }
  }

  private final int max;
  private final long span;

  /** Access order: the least recently updated first. */
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);

  AlertGroups(int max, long spanMillis) {
    this.max = max;
    this.span = spanMillis;
  }

  /**
   * The open alert of {@code key} that a firing at {@code time} updates, or null when it raises a
   * new one (none open, or the open one's last time more than a timespan ago).
   */
  Open updatable(String key, long time) {
    Open o = open.get(key);
    if (o == null) {
      return null;
    }
    if (time - o.lastTime > span) {
      open.remove(key);
      return null;
    }
    return o;
  }

  /**
   * Records a new alert {@code id}, raised at {@code raisedTime}, as the open alert of {@code key}.
   */
  Open opened(String key, String id, long raisedTime, long firstTime) {
    Open o = new Open(id, raisedTime, firstTime);
    open.put(key, o);
    if (open.size() > max) {
      Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
      it.next();
      it.remove();
    }
    return o;
  }

  int size() {
    return open.size();
  }
}
