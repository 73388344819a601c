package dev.drawbridge.detect.match;

import java.math.BigDecimal;
import java.util.Map;

/** Reads fields of an event and turns scalar values into strings. */
public final class Fields {
  private Fields() {}

  /** The value of {@code field}; a dotted name also walks nested maps when no flat key exists. */
  @SuppressWarnings("unchecked")
  public static Object get(Map<String, Object> event, String field) {
    Object v = event.get(field);
    if (v != null || field.indexOf('.') < 0 || event.containsKey(field)) {
      return v;
    }
    Object cur = event;
    for (String part : field.split("\\.")) {
      if (!(cur instanceof Map)) {
        return null;
      }
      cur = ((Map<String, Object>) cur).get(part);
    }
    return cur;
  }

  /** The text of a scalar: numbers without a spurious {@code .0}, booleans as true/false. */
  public static String text(Object v) {
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
        return Long.toString((long) d);
      }
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }

  /** A number from a Number or a numeric string, else NaN. */
  public static double number(Object v) {
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String) {
      try {
        return Double.parseDouble(((String) v).trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }
}
