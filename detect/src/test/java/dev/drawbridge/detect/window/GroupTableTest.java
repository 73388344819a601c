package dev.drawbridge.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GroupTableTest {
  private static final Supplier<GroupState> NEW = () -> new EventCountState(4);

  private static GroupState touch(GroupTable t, String key, long now) {
    GroupState s = t.get(key, now, NEW);
    s.add(1, now, 1_000, null, null);
    return s;
  }

  @Test
  void evictsTheLeastRecentlyTouchedGroupAndCountsIt() {
    GroupTable t = new GroupTable(3, 1_000_000);
    GroupState a = touch(t, "a", 1);
    touch(t, "b", 2);
    touch(t, "c", 3);
    assertThat(t.get("a", 4, NEW)).isSameAs(a);
    touch(t, "d", 5);

    assertThat(t.size()).isEqualTo(3);
    assertThat(t.evictions()).isEqualTo(1);
    assertThat(t.get("a", 6, NEW)).isSameAs(a);
    assertThat(t.evictions()).isEqualTo(1);
    GroupState b = t.get("b", 7, NEW);
    assertThat(b.lastTime()).as("b was evicted, so it starts afresh").isEqualTo(Long.MIN_VALUE);
    assertThat(t.evictions()).isEqualTo(2);
  }

  @Test
  void keepsOneGroupWhenTheLimitIsOne() {
    GroupTable t = new GroupTable(1, 1_000_000);
    touch(t, "a", 1);
    touch(t, "b", 2);
    touch(t, "b", 3);
    touch(t, "a", 4);

    assertThat(t.size()).isEqualTo(1);
    assertThat(t.evictions()).isEqualTo(2);
  }

  @Test
  void dropsGroupsWhoseWindowPassedWithoutCountingThemAsEvictions() {
    GroupTable t = new GroupTable(10, 100);
    touch(t, "a", 0);
    touch(t, "b", 50);
    touch(t, "c", 120);

    assertThat(t.size()).isEqualTo(2);
    assertThat(t.expired()).isEqualTo(1);
    assertThat(t.evictions()).isZero();
  }

  @Test
  void resetForgetsOnlyThatGroup() {
    GroupTable t = new GroupTable(10, 1_000_000);
    GroupState a = touch(t, "a", 1);
    touch(t, "b", 2);
    t.reset("b");
    t.reset("missing");

    assertThat(t.size()).isEqualTo(1);
    assertThat(t.get("a", 3, NEW)).isSameAs(a);
    assertThat(t.get("b", 4, NEW).lastTime()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void growsPastItsInitialCapacityAndStillFindsEveryGroup() {
    GroupTable t = new GroupTable(5_000, 1_000_000);
    List<GroupState> states = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      states.add(touch(t, "k" + i, i));
    }
    for (int i = 0; i < 5_000; i++) {
      assertThat(t.get("k" + i, 5_000, NEW)).isSameAs(states.get(i));
    }
    assertThat(t.size()).isEqualTo(5_000);
    assertThat(t.evictions()).isZero();
  }

  /** The reference: the access-ordered LinkedHashMap the table replaced. */
  private static final class Reference {
    final LinkedHashMap<String, long[]> groups = new LinkedHashMap<>(16, 0.75f, true);
    final int max;
    final long span;
    long evictions;
    long expired;

    Reference(int max, long span) {
      this.max = max;
      this.span = span;
    }

    void get(String key, long now) {
      long from = now - span;
      Iterator<Map.Entry<String, long[]>> it = groups.entrySet().iterator();
      for (int i = 0; i < 4 && it.hasNext(); i++) {
        if (it.next().getValue()[0] >= from) {
          break;
        }
        it.remove();
        expired++;
      }
      long[] s = groups.get(key);
      if (s == null) {
        groups.put(key, new long[] {Long.MIN_VALUE});
        if (groups.size() > max) {
          Iterator<long[]> e = groups.values().iterator();
          e.next();
          e.remove();
          evictions++;
        }
        s = groups.get(key);
      }
      s[0] = Math.max(s[0], now);
    }
  }

  @Test
  void behavesExactlyLikeAnAccessOrderedLinkedHashMap() {
    Random r = new Random(7);
    for (int round = 0; round < 20; round++) {
      int max = 1 + r.nextInt(50);
      long span = 1 + r.nextInt(200);
      GroupTable t = new GroupTable(max, span);
      Reference ref = new Reference(max, span);
      Map<String, GroupState> live = new LinkedHashMap<>();
      long now = 0;
      for (int op = 0; op < 5_000; op++) {
        now += r.nextInt(5);
        String key = "k" + r.nextInt(80);
        if (r.nextInt(20) == 0) {
          t.reset(key);
          ref.groups.remove(key);
          continue;
        }
        touch(t, key, now);
        ref.get(key, now);
        assertThat(t.size()).isEqualTo(ref.groups.size());
        assertThat(t.evictions()).isEqualTo(ref.evictions);
        assertThat(t.expired()).isEqualTo(ref.expired);
      }
      for (Map.Entry<String, long[]> e : ref.groups.entrySet()) {
        live.put(e.getKey(), t.get(e.getKey(), now, NEW));
      }
      assertThat(t.size()).isEqualTo(ref.groups.size());
      for (Map.Entry<String, long[]> e : ref.groups.entrySet()) {
        assertThat(live.get(e.getKey()).lastTime()).isEqualTo(e.getValue()[0]);
      }
    }
  }
}
