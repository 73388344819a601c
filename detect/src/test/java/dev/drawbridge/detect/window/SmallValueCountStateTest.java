package dev.drawbridge.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallValueCountStateTest {
  @Test
  void countsDistinctValuesWithinTheWindowAndForgetsTheOldest() {
    SmallValueCountState s = new SmallValueCountState(3);
    assertThat(s.add(1, 0, 100, "r1", "a")).isEqualTo(1);
    assertThat(s.add(1, 10, 100, "r2", "b")).isEqualTo(2);
    assertThat(s.add(1, 20, 100, "r3", "a")).isEqualTo(2);
    assertThat(s.add(1, 30, 100, "r4", null)).isEqualTo(2);
    assertThat(s.requestIds()).containsExactly("r2", "r3");
    assertThat(s.add(1, 40, 100, "r5", "c")).isEqualTo(3);
    assertThat(s.add(1, 50, 100, "r6", "d")).as("capacity 3 drops b").isEqualTo(3);
    assertThat(s.requestIds()).containsExactly("r3", "r5", "r6");
    assertThat(s.add(1, 125, 100, "r7", "a")).as("c and d are within 100 ms").isEqualTo(3);
    assertThat(s.firstTime()).isEqualTo(40);
    assertThat(s.add(1, 145, 100, "r8", "e")).as("c dropped for capacity").isEqualTo(3);
    assertThat(s.add(1, 151, 100, "r9", null)).as("d expired").isEqualTo(2);
  }

  @Test
  void behavesExactlyLikeValueCountState() {
    Random r = new Random(11);
    for (int round = 0; round < 50; round++) {
      int capacity = 2 + r.nextInt(SmallValueCountState.MAX_CAPACITY - 1);
      long span = 1 + r.nextInt(300);
      int distinct = 1 + r.nextInt(100);
      SmallValueCountState small = new SmallValueCountState(capacity);
      ValueCountState ref = new ValueCountState(capacity);
      long now = 0;
      for (int op = 0; op < 3_000; op++) {
        now += r.nextInt(6);
        long time = r.nextInt(10) == 0 ? now - r.nextInt(50) : now;
        String value = r.nextInt(15) == 0 ? null : "v" + r.nextInt(distinct);
        String id = r.nextInt(10) == 0 ? null : "req-" + op;
        assertThat(small.add(1, time, span, id, value))
            .isEqualTo(ref.add(1, time, span, id, value));
        assertThat(small.firstTime()).isEqualTo(ref.firstTime());
        assertThat(small.lastTime()).isEqualTo(ref.lastTime());
        assertThat(small.requestIds()).isEqualTo(ref.requestIds());
      }
    }
  }
}
