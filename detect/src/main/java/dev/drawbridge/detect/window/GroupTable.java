package dev.drawbridge.detect.window;

import java.util.function.Supplier;

/**
 * The groups of one correlation, least recently touched first. Groups whose newest match fell out
 * of the window are dropped as later events arrive; beyond {@code maxGroups} the least recently
 * touched group is evicted and counted, so memory stays flat however many keys appear.
 *
 * <p>A chained hash table whose entries are the {@link GroupState}s themselves, linked in
 * least-recently-touched order (as an access-ordered {@link java.util.LinkedHashMap} would be, but
 * without a map entry per group and with one hash lookup per event).
 */
public final class GroupTable {
  private static final int SWEEP_PER_EVENT = 4;
  private static final int MAX_BUCKETS = 1 << 30;
  private final int maxGroups;
  private final long spanMillis;
  private GroupState[] buckets;
  private int resizeAt;

  /** Least recently touched (next to sweep or evict). */
  private GroupState eldest;

  /** Most recently touched. */
  private GroupState newest;

  private int size;
  private long evictions;
  private long expired;

  public GroupTable(int maxGroups, long spanMillis) {
    this.maxGroups = maxGroups;
    this.spanMillis = spanMillis;
    int initial = Math.min(maxGroups, 1024);
    int n = 16;
    while (n < MAX_BUCKETS && n * 3L / 4 < initial) {
      n <<= 1;
    }
    buckets = new GroupState[n];
    resizeAt = n * 3 / 4;
  }

  /** The state for {@code key}, created if absent; expired and surplus groups are dropped. */
  public GroupState get(String key, long now, Supplier<GroupState> create) {
    sweep(now);
    int h = spread(key.hashCode());
    GroupState[] tab = buckets;
    int i = h & (tab.length - 1);
    for (GroupState s = tab[i]; s != null; s = s.chain) {
      if (s.hash == h && (s.key == key || s.key.equals(key))) {
        touch(s);
        return s;
      }
    }
    GroupState s = create.get();
    s.key = key;
    s.hash = h;
    s.chain = tab[i];
    tab[i] = s;
    link(s);
    if (++size > resizeAt) {
      grow();
    }
    if (size > maxGroups) {
      remove(eldest);
      evictions++;
    }
    return s;
  }

  /** Forgets {@code key}: a correlation that fired starts counting afresh. */
  public void reset(String key) {
    int h = spread(key.hashCode());
    for (GroupState s = buckets[h & (buckets.length - 1)]; s != null; s = s.chain) {
      if (s.hash == h && (s.key == key || s.key.equals(key))) {
        remove(s);
        return;
      }
    }
  }

  private void sweep(long now) {
    long from = now - spanMillis;
    for (int i = 0; i < SWEEP_PER_EVENT && eldest != null; i++) {
      if (eldest.lastTime() >= from) {
        return;
      }
      remove(eldest);
      expired++;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private void link(GroupState s) {
    s.before = newest;
    s.after = null;
    if (newest == null) {
      eldest = s;
    } else {
      newest.after = s;
    }
    newest = s;
  }

  private void unlink(GroupState s) {
    GroupState b = s.before;
    GroupState a = s.after;
    if (b == null) {
      eldest = a;
    } else {
      b.after = a;
    }
    if (a == null) {
      newest = b;
    } else {
      a.before = b;
    }
    s.before = null;
    s.after = null;
  }

  private void touch(GroupState s) {
    if (s != newest) {
      unlink(s);
      link(s);
    }
  }

  private void remove(GroupState s) {
    int i = s.hash & (buckets.length - 1);
    GroupState prev = null;
    for (GroupState c = buckets[i]; c != null; prev = c, c = c.chain) {
      if (c == s) {
        if (prev == null) {
          buckets[i] = c.chain;
        } else {
          prev.chain = c.chain;
        }
        break;
      }
    }
    s.chain = null;
    unlink(s);
    size--;
  }

  private void grow() {
    GroupState[] old = buckets;
    if (old.length >= MAX_BUCKETS) {
      resizeAt = Integer.MAX_VALUE;
      return;
    }
    GroupState[] tab = new GroupState[old.length * 2];
    int mask = tab.length - 1;
    for (GroupState head : old) {
      GroupState s = head;
      while (s != null) {
        GroupState next = s.chain;
        int i = s.hash & mask;
        s.chain = tab[i];
        tab[i] = s;
        s = next;
      }
    }
    buckets = tab;
    resizeAt = tab.length / 4 * 3;
  }

  public int size() {
    return size;
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
