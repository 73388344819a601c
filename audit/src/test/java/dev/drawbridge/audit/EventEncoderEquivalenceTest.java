package dev.drawbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property-style: for thousands of seeded random events the fast path (EventValues, JsonBytes,
 * EventEncoder) gives byte for byte the line, the canonical form and the hash of the Jackson path
 * it replaced ({@link LegacyEncoding}), and the same values, types and order in the record.
 */
class EventEncoderEquivalenceTest {
  private static final String NOW = "2026-11-30T10:00:00.000Z";

  @Test
  void encodesRandomEventsExactlyAsJacksonDid() throws Exception {
    RandomEvents gen = new RandomEvents(20261129L, false);
    EventEncoder enc = new EventEncoder();
    LineBuffer out = new LineBuffer(64);
    String prev = HashChain.GENESIS;
    int fast = 0;
    for (int i = 0; i < 5000; i++) {
      Map<String, Object> event = gen.event();
      if (event.get("time") != null && !(event.get("time") instanceof String)) {
        continue;
      }
      assertThat(EventValues.of(event)).as("event %d supported", i).isNotSameAs(unsupported());
      fast++;
      prev = assertSame(enc, out, i + 1L, event, prev, "event " + i + ": " + event);
    }
    assertThat(fast).isGreaterThan(4000);
  }

  @Test
  void encodesEventFieldsExactlyAsTheSameEventInALinkedHashMap() throws Exception {
    RandomEvents gen = new RandomEvents(20261201L, false);
    EventEncoder enc = new EventEncoder();
    LineBuffer out = new LineBuffer(64);
    String prev = HashChain.GENESIS;
    for (int i = 0; i < 2000; i++) {
      Map<String, Object> event = gen.event();
      if (event.get("time") != null && !(event.get("time") instanceof String)) {
        continue;
      }
      EventFields fields = new EventFields(2);
      event.forEach(fields::add);
      assertThat(fields).isEqualTo(event);
      assertThat(List.copyOf(fields.keySet())).isEqualTo(List.copyOf(event.keySet()));
      prev = assertSame(enc, out, i + 1L, fields, prev, "event fields " + i + ": " + event);
    }
  }

  @Test
  void eventFieldsIsAnOrderedMap() {
    EventFields f = new EventFields(1).add("event", "access").add("a", 1).add("b", null);
    assertThat(f.put("a", 2)).isEqualTo(1);
    assertThat(f.putIfAbsent("b", "x")).isNull(); // absent or null: set
    assertThat(f.putIfAbsent("b", "y")).isEqualTo("x");
    assertThat(f.put("c", 3)).isNull();
    assertThat(f.get("a")).isEqualTo(2);
    assertThat(f.containsKey("zzz")).isFalse();
    assertThat(f.get("zzz")).isNull();
    assertThat(f).hasSize(4);
    assertThat(List.copyOf(f.keySet())).containsExactly("event", "a", "b", "c");
    Map<String, Object> same = new LinkedHashMap<>();
    same.put("event", "access");
    same.put("a", 2);
    same.put("b", "x");
    same.put("c", 3);
    assertThat(f).isEqualTo(same);
    assertThat(f.hashCode()).isEqualTo(same.hashCode());
    assertThatThrownBy(() -> f.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(f::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void writesRandomValuesInJacksonsLineAndCanonicalBytes() throws Exception {
    RandomEvents gen = new RandomEvents(7L, false);
    LineBuffer b = new LineBuffer(16);
    for (int i = 0; i < 5000; i++) {
      Object normalized = AuditJson.freeze(roundTrip(gen.value(0)));
      Map<String, Object> wrapped = new LinkedHashMap<>();
      wrapped.put(gen.key(), normalized);
      wrapped.put(gen.key(), gen.value(1) instanceof Map<?, ?> m ? normalized : null);
      Object v = EventValues.of(wrapped);
      b.reset();
      assertThat(JsonBytes.value(b, v, false)).isTrue();
      assertThat(Arrays.copyOf(b.bytes, b.length))
          .as("line of %s", v)
          .isEqualTo(AuditJson.LINE.writeValueAsString(v).getBytes(StandardCharsets.UTF_8));
      b.reset();
      assertThat(JsonBytes.value(b, v, true)).isTrue();
      assertThat(Arrays.copyOf(b.bytes, b.length))
          .as("canonical of %s", v)
          .isEqualTo(AuditJson.CANONICAL.writeValueAsString(v).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void normalizesValuesToWhatTheRoundTripParses() throws Exception {
    RandomEvents gen = new RandomEvents(11L, false);
    for (int i = 0; i < 5000; i++) {
      Object v = gen.value(0);
      Object expected = AuditJson.freeze(roundTrip(v));
      assertSameShape(EventValues.of(v), expected, "value " + v);
    }
  }

  @Test
  void fallsBackToJacksonForLoneSurrogatesWithTheSameResult() throws Exception {
    RandomEvents gen = new RandomEvents(3L, true);
    EventEncoder enc = new EventEncoder();
    LineBuffer out = new LineBuffer(64);
    String prev = gen.hash();
    int lone = 0;
    for (int i = 0; i < 2000; i++) {
      Map<String, Object> event = gen.event();
      if (event.get("time") != null && !(event.get("time") instanceof String)) {
        continue;
      }
      if (hasLoneSurrogate(event)) {
        lone++;
      }
      String h = assertSameOrSameError(enc, out, i + 1L, event, prev, "event " + i);
      prev = h != null ? h : prev;
    }
    assertThat(lone).isGreaterThan(100);
  }

  @Test
  void fallsBackToJacksonForOtherTypesWithTheSameResultOrError() throws Exception {
    List<Object> odd =
        List.of(
            new BigDecimal("1E+3"),
            new BigDecimal("0.10"),
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            'c',
            new int[] {1, 2},
            new String[] {"a"},
            Map.of(1, "one"),
            new java.util.concurrent.atomic.AtomicLong(5),
            Instant.EPOCH,
            "x".repeat(1 << 21));
    EventEncoder enc = new EventEncoder();
    LineBuffer out = new LineBuffer(64);
    for (Object v : odd) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", "access");
      e.put("v", v);
      e.put("after", List.of(1, 2L));
      assertSameOrSameError(enc, out, 1, e, HashChain.GENESIS, "odd value " + v.getClass());
    }
  }

  @Test
  void encodesALoneSurrogateTheFastWriterCannotWriteAsJacksonDid() throws Exception {
    // Only reachable if normalization let one through: JsonBytes refuses, Jackson encodes.
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", "access");
    e.put("s", "a\uD800b");
    EventEncoder.Body body =
        new EventEncoder.Body(null, "access", new String[] {"s"}, new Object[] {"a\uD800b"}, null);
    LineBuffer b = new LineBuffer(16);
    assertThat(JsonBytes.string(b, "a\uD800b")).isFalse();
    EventEncoder.Encoded got = new EventEncoder().encode(1, NOW, body, HashChain.GENESIS, b);
    LegacyEncoding.Result want = LegacyEncoding.encode(1, NOW, e, HashChain.GENESIS);
    assertThat(got.json()).isEqualTo(want.json());
    assertThat(got.hash()).isEqualTo(want.hash());
    assertThat(new String(b.bytes, 0, b.length, StandardCharsets.UTF_8)).endsWith("\"}\n");
  }

  /** As {@link #assertSame}, or both fail alike; returns the hash or null. */
  private static String assertSameOrSameError(
      EventEncoder enc,
      LineBuffer out,
      long seq,
      Map<String, Object> event,
      String prev,
      String what)
      throws Exception {
    String legacyError = null;
    try {
      LegacyEncoding.encode(seq, NOW, event, prev);
    } catch (IllegalArgumentException x) {
      legacyError = x.getMessage();
    }
    if (legacyError == null) {
      return assertSame(enc, out, seq, event, prev, what);
    }
    out.reset();
    assertThatThrownBy(() -> enc.encode(seq, NOW, EventEncoder.prepare(event), prev, out))
        .as(what)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(legacyError);
    assertThat(out.length).as(what + ": nothing written").isZero();
    return null;
  }

  /** True if a string anywhere in {@code v} (keys included) has an unpaired surrogate. */
  private static boolean hasLoneSurrogate(Object v) {
    if (v instanceof String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return true;
        }
      }
      return false;
    }
    if (v instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .anyMatch(e -> hasLoneSurrogate(e.getKey()) || hasLoneSurrogate(e.getValue()));
    }
    return v instanceof List<?> l && l.stream().anyMatch(x -> hasLoneSurrogate(x));
  }

  @Test
  void rejectsANonStringTimeWithTheSameMessage() {
    for (Object t : List.of(5, 3000000000L, List.of("a", 1), Map.of("x", true), false, 1.5f)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", "access");
      e.put("time", t);
      assertThatThrownBy(() -> AuditLog.normalize(e)).isInstanceOf(IllegalArgumentException.class);
      String expected = catchMessage(() -> AuditLog.normalize(e));
      assertThatThrownBy(() -> EventEncoder.prepare(e))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(expected);
    }
  }

  @Test
  void reusesTheSortedKeyOrderOnlyForTheSameKeys() throws Exception {
    EventEncoder enc = new EventEncoder();
    LineBuffer out = new LineBuffer(64);
    String prev = HashChain.GENESIS;
    List<List<String>> shapes =
        List.of(List.of("b", "a", "c"), List.of("b", "a", "c"), List.of("c", "a", "b"), List.of());
    for (int i = 0; i < shapes.size(); i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", "x");
      for (String k : shapes.get(i)) {
        e.put(k, k);
      }
      prev = assertSame(enc, out, i + 1, e, prev, "shape " + shapes.get(i));
    }
  }

  /** Encodes both ways, asserts they agree, returns the hash. */
  private static String assertSame(
      EventEncoder enc,
      LineBuffer out,
      long seq,
      Map<String, Object> event,
      String prev,
      String what)
      throws Exception {
    LegacyEncoding.Result want = LegacyEncoding.encode(seq, NOW, event, prev);
    out.reset();
    out.putAscii("junk before");
    int start = out.length;
    EventEncoder.Encoded got = enc.encode(seq, NOW, EventEncoder.prepare(event), prev, out);
    assertThat(Arrays.copyOfRange(out.bytes, start, out.length)).as(what).isEqualTo(want.line());
    assertThat(got.json()).as(what).isEqualTo(want.json());
    assertThat(got.hash()).as(what).isEqualTo(want.hash());
    assertSameShape(got.fields(), want.fields(), what);
    assertThatThrownBy(() -> got.fields().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    return got.hash();
  }

  /** Equal, with the same classes at every depth and the same map order. */
  static void assertSameShape(Object got, Object want, String what) {
    if (want == null) {
      assertThat(got).as(what).isNull();
      return;
    }
    assertThat(got).as(what).isNotNull();
    if (got instanceof RecordFields) {
      // The record's top-level map: array-backed instead of unmodifiableMap(LinkedHashMap), with
      // the same order, equality, hash code and text.
      assertThat(want.getClass().getName()).isEqualTo("java.util.Collections$UnmodifiableMap");
      assertThat(got).as(what).isEqualTo(want);
      assertThat(got.hashCode()).as(what).isEqualTo(want.hashCode());
      assertThat(got.toString()).as(what).isEqualTo(want.toString());
    } else {
      assertThat(got.getClass()).as(what + ": class of " + want).isEqualTo(want.getClass());
    }
    if (want instanceof Map<?, ?> w) {
      Map<?, ?> g = (Map<?, ?>) got;
      assertThat(List.copyOf(g.keySet())).as(what).isEqualTo(List.copyOf(w.keySet()));
      for (Object k : w.keySet()) {
        assertSameShape(g.get(k), w.get(k), what);
      }
    } else if (want instanceof List<?> w) {
      List<?> g = (List<?>) got;
      assertThat(g).as(what).hasSameSizeAs(w);
      for (int i = 0; i < w.size(); i++) {
        assertSameShape(g.get(i), w.get(i), what);
      }
    } else {
      assertThat(got).as(what).isEqualTo(want);
    }
  }

  private static Object roundTrip(Object v) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", v);
    return AuditJson.parse(AuditJson.LINE.writeValueAsBytes(m)).get("v");
  }

  private static Object unsupported() {
    return EventValues.UNSUPPORTED;
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
