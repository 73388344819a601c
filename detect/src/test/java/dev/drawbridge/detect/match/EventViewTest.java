package dev.drawbridge.detect.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventViewTest {
  /** A map that counts lookups per key. */
  private static final class CountingMap extends HashMap<String, Object> {
    final Map<Object, Integer> gets = new HashMap<>();

    @Override
    public Object get(Object key) {
      gets.merge(key, 1, Integer::sum);
      return super.get(key);
    }
  }

  @Test
  void givesEachFieldNameOneSlot() {
    EventView view = new EventView();
    int app = view.slot("app");
    assertThat(view.slot(new String("app"))).isEqualTo(app);
    assertThat(view.slot("path")).isNotEqualTo(app);
    assertThat(view.size()).isEqualTo(2);
  }

  @Test
  void looksEachFieldUpOncePerEvent() {
    EventView view = new EventView();
    int app = view.slot("app");
    int missing = view.slot("missing");
    CountingMap e = new CountingMap();
    e.put("app", "git");
    view.reset(e);
    for (int i = 0; i < 3; i++) {
      assertThat(view.get(app)).isEqualTo("git");
      assertThat(view.get(missing)).isNull();
    }
    assertThat(e.gets).containsEntry("app", 1).containsEntry("missing", 1);
  }

  @Test
  void forgetsValuesWhenTheNextEventStarts() {
    EventView view = new EventView();
    int status = view.slot("status");
    Map<String, Object> e = new HashMap<>();
    e.put("status", 200);
    view.reset(e);
    assertThat(view.text(status)).isEqualTo("200");
    e.put("status", 403);
    view.reset(e);
    assertThat(view.text(status)).isEqualTo("403");
    view.reset(Map.of());
    assertThat(view.text(status)).isNull();
  }

  @Test
  void growsBeyondItsInitialSlotsAndReadsDottedNames() {
    EventView view = new EventView();
    for (int i = 0; i < 40; i++) {
      view.slot("f" + i);
    }
    int nested = view.slot("device.os");
    view.reset(Map.of("f39", "x", "device", Map.of("os", "linux")));
    assertThat(view.get(view.slot("f39"))).isEqualTo("x");
    assertThat(view.get(nested)).isEqualTo("linux");
  }
}
