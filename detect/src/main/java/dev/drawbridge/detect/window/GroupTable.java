package dev.drawbridge.detect.window;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The groups of one correlation, least recently touched first. Groups whose newest match fell out
 * of the window are dropped as later events arrive; beyond {@code maxGroups} the least recently
 * touched group is evicted and counted, so memory stays flat however many keys appear.
 */
public final class GroupTable {
  private static final int SWEEP_PER_EVENT = 4;
  private final LinkedHashMap<String, GroupState> groups;
  private final int maxGroups;
  private final long spanMillis;
  private long evictions;
  private long expired;

  public GroupTable(int maxGroups, long spanMillis) {
    this.maxGroups = maxGroups;
    this.spanMillis = spanMillis;
    this.groups = new LinkedHashMap<>(Math.min(maxGroups, 1024), 0.75f, true);
  }

  /** The state for {@code key}, created if absent; expired and surplus groups are dropped. */
  public GroupState get(String key, long now, Supplier<GroupState> create) {
    sweep(now);
    GroupState s = groups.get(key);
    if (s == null) {
      s = create.get();
      groups.put(key, s);
      if (groups.size() > maxGroups) {
        Iterator<GroupState> it = groups.values().iterator();
        it.next();
        it.remove();
        evictions++;
      }
    }
    return s;
  }

  /** Forgets {@code key}: a correlation that fired starts counting afresh. */
  public void reset(String key) {
    groups.remove(key);
  }

  private void sweep(long now) {
    long from = now - spanMillis;
    Iterator<Map.Entry<String, GroupState>> it = groups.entrySet().iterator();
    for (int i = 0; i < SWEEP_PER_EVENT && it.hasNext(); i++) {
      if (it.next().getValue().lastTime() >= from) {
        return;
      }
      it.remove();
      expired++;
    }
  }

  public int size() {
    return groups.size();
  }

  /** Groups dropped because the table was full. */
  public long evictions() {
    return evictions;
  }

  /** Groups dropped because their window had passed. */
  public long expired() {
    return expired;
  }
}
