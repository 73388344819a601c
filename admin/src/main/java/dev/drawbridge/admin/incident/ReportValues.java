package dev.drawbridge.admin.incident;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Lenient reads of fields of audit events, alerts and reports held as JSON-like maps. */
public final class ReportValues {
  private ReportValues() {}

  static String str(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v == null ? null : v.toString();
  }

  static long num(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return v == null ? 0 : Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** An RFC 3339 string or an Instant; null if absent or unparseable. */
  static Instant time(Object v) {
    if (v instanceof Instant i) {
      return i;
    }
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v.toString());
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(v.toString()).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static Instant time(Map<String, ?> m, String key) {
    return m == null ? null : time(m.get(key));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object v) {
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object v) {
    return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  static List<?> objects(Object v) {
    return v instanceof List<?> l ? l : List.of();
  }

  /** Escapes text for HTML element content and attribute values. */
  public static String escapeHtml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
