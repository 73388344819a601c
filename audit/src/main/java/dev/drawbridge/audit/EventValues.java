package dev.drawbridge.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event "as parsed" without the JSON round trip: converts a caller's value to exactly what
 * {@code AuditJson.parse(AuditJson.LINE.writeValueAsBytes(v))} followed by {@link AuditJson#freeze}
 * gives (integers as Integer when they fit, else Long, else BigInteger; Float as the Double its
 * text parses to; lists and maps as unmodifiable ArrayList / LinkedHashMap copies, in order). For
 * anything whose round trip it does not reproduce exactly (other types, non-finite numbers,
 * non-string keys, very deep, long or large values that Jackson's read limits may reject) it
 * answers {@link #UNSUPPORTED} and the caller uses the round trip itself. Strings are not scanned
 * here for lone surrogates (which the round trip changes): {@link JsonBytes} meets them while
 * writing the line and {@link EventEncoder#encode} then takes the round trip for that event.
 */
final class EventValues {
  static final Object UNSUPPORTED = new Object();

  /** Well inside Jackson's default read constraints (depth 500 (1000 in newer versions), ...). */
  private static final int MAX_DEPTH = 64;

  private static final int MAX_STRING = 1 << 20;
  private static final int MAX_KEY = 1000;
  private static final int MAX_BIG_BITS = 3000;

  private EventValues() {}

  /** The normalized, frozen value, or {@link #UNSUPPORTED}. */
  static Object of(Object v) {
    return of(v, 0);
  }

  private static Object of(Object v, int depth) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s.length() <= MAX_STRING ? s : UNSUPPORTED;
    }
    if (v instanceof Integer) {
      return v;
    }
    if (v instanceof Long l) {
      long x = l;
      return x == (int) x ? Integer.valueOf((int) x) : v;
    }
    if (v instanceof Boolean b) {
      return Boolean.valueOf(b);
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? v : UNSUPPORTED;
    }
    if (v instanceof Short || v instanceof Byte) {
      return Integer.valueOf(((Number) v).intValue());
    }
    if (v instanceof Float f) {
      return Float.isFinite(f)
          ? Double.valueOf(Double.parseDouble(Float.toString(f)))
          : UNSUPPORTED;
    }
    if (v instanceof BigInteger b) {
      int bits = b.bitLength();
      if (bits < 32) {
        return Integer.valueOf(b.intValue());
      }
      if (bits < 64) {
        return Long.valueOf(b.longValue());
      }
      return bits <= MAX_BIG_BITS ? v : UNSUPPORTED;
    }
    if (depth >= MAX_DEPTH) {
      return UNSUPPORTED;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = map(m, depth + 1);
      return copy == null ? UNSUPPORTED : Collections.unmodifiableMap(copy);
    }
    if (v instanceof Collection<?> c) {
      List<Object> copy = new ArrayList<>(c.size());
      for (Object x : c) {
        Object y = of(x, depth + 1);
        if (y == UNSUPPORTED) {
          return UNSUPPORTED;
        }
        copy.add(y);
      }
      return Collections.unmodifiableList(copy);
    }
    return UNSUPPORTED;
  }

  /** A mutable LinkedHashMap of the normalized, frozen values, or null when unsupported. */
  static LinkedHashMap<String, Object> map(Map<?, ?> m, int depth) {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(capacity(m.size()));
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k) || !isKey(k)) {
        return null;
      }
      Object y = of(e.getValue(), depth);
      if (y == UNSUPPORTED) {
        return null;
      }
      copy.put(k, y);
    }
    return copy;
  }

  /** A key the round trip keeps as it is, as far as length goes (see the class comment). */
  static boolean isKey(String k) {
    return k.length() <= MAX_KEY;
  }

  /**
   * True if a string in {@code v} (a normalized value: map keys included) has a lone surrogate. For
   * fields the writer drops unwritten (a caller's {@code seq}, {@code prev_hash}, {@code hash}),
   * whose lone surrogate the JSON round trip rejects all the same.
   */
  static boolean hasLoneSurrogate(Object v) {
    if (v instanceof String s) {
      return !pairedSurrogates(s);
    }
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (hasLoneSurrogate(e.getKey()) || hasLoneSurrogate(e.getValue())) {
          return true;
        }
      }
    } else if (v instanceof List<?> l) {
      for (Object x : l) {
        if (hasLoneSurrogate(x)) {
          return true;
        }
      }
    }
    return false;
  }

  /** False if {@code s} has a lone surrogate. */
  static boolean pairedSurrogates(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        if (!Character.isHighSurrogate(c) || ++i >= n || !Character.isLowSurrogate(s.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  /** A HashMap capacity that holds {@code n} entries without resizing. */
  static int capacity(int n) {
    return n < 3 ? n + 1 : (int) (n / 0.75f + 1.0f);
  }
}
