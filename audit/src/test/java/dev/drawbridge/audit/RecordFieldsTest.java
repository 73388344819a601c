package dev.drawbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordFieldsTest {
  private static final String[] NAMES = {"seq", "time", "event", "a", "b", "prev_hash", "hash"};
  private static final Object[] VALUES = {1L, "t", "access", null, List.of(), "p", "h"};

  private static Map<String, Object> fields() {
    return new RecordFields(new RecordFields.Keys(NAMES), VALUES.clone());
  }

  private static Map<String, Object> expected() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      m.put(NAMES[i], VALUES[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Test
  void behavesAsTheUnmodifiableLinkedHashMapItReplaces() {
    Map<String, Object> f = fields();
    Map<String, Object> want = expected();
    assertThat(f).isEqualTo(want);
    assertThat(want).isEqualTo(f);
    assertThat(f.hashCode()).isEqualTo(want.hashCode());
    assertThat(f.toString()).isEqualTo(want.toString());
    assertThat(new ArrayList<>(f.keySet())).isEqualTo(new ArrayList<>(want.keySet()));
    assertThat(new ArrayList<>(f.values())).isEqualTo(new ArrayList<>(want.values()));
    assertThat(f.get("event")).isEqualTo("access");
    assertThat(f.get(new String("prev_hash"))).isEqualTo("p");
    assertThat(f.get("missing")).isNull();
    assertThat(f.get(7)).isNull();
    assertThat(f.containsKey("a")).isTrue();
    assertThat(f.get("a")).isNull();
    assertThat(f.getOrDefault("a", "x")).isNull();
    assertThat(f.getOrDefault("zz", "x")).isEqualTo("x");
    List<String> seen = new ArrayList<>();
    f.forEach((k, v) -> seen.add(k));
    assertThat(seen).containsExactly(NAMES);
  }

  @Test
  void refusesEveryChange() {
    Map<String, Object> f = fields();
    assertThatThrownBy(() -> f.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.remove("seq")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.remove("nope")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(f::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.putAll(Map.of("x", 1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.computeIfAbsent("x", k -> 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.merge("seq", 1, (a, b) -> b))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.keySet().remove("seq"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.entrySet().iterator().next().setValue(2))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.replaceAll((k, v) -> v))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
