package dev.drawbridge.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object request body, read field by field. Every problem (wrong type, missing, unknown
 * field) is collected in {@link #errors} under the field's name; the caller throws them together.
 */
final class Body {
  final FieldErrors errors = new FieldErrors();
  private final ObjectNode node;

  private Body(ObjectNode node) {
    this.node = node;
  }

  /** Parses {@code bytes} as one JSON object whose keys are all in {@code allowed}. */
  static Body parse(byte[] bytes, Set<String> allowed) {
    JsonNode n;
    try {
      n = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(
          "body", "not valid JSON: " + e.getOriginalMessage() + " (expected: a JSON object)");
    } catch (java.io.IOException e) {
      throw ApiException.invalid("body", "cannot be read (expected: a JSON object)");
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      n = Json.MAPPER.createObjectNode();
    }
    if (!n.isObject()) {
      throw ApiException.invalid(
          "body", "a JSON " + n.getNodeType() + " (expected: a JSON object)");
    }
    Body b = new Body((ObjectNode) n);
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String k = e.getKey();
      if (!allowed.contains(k)) {
        b.errors.add(k, "unknown field (expected one of: " + String.join(", ", allowed) + ")");
      }
    }
    return b;
  }

  private JsonNode get(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  String string(String field, boolean required, int maxLength) {
    JsonNode v = get(field);
    if (v == null) {
      if (required) {
        errors.add(field, "missing (expected: a string)");
      }
      return null;
    }
    if (!v.isTextual()) {
      errors.add(field, "a " + type(v) + " (expected: a string)");
      return null;
    }
    String s = v.textValue();
    if (required && s.isBlank()) {
      errors.add(field, "empty (expected: a non-empty string)");
      return null;
    }
    if (s.length() > maxLength) {
      errors.add(field, s.length() + " characters (expected: at most " + maxLength + ")");
      return null;
    }
    return s;
  }

  /** A list of strings; absent is an empty list. */
  List<String> strings(String field, int maxItems) {
    JsonNode v = get(field);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      errors.add(field, "a " + type(v) + " (expected: a list of strings)");
      return out;
    }
    if (v.size() > maxItems) {
      errors.add(field, v.size() + " items (expected: at most " + maxItems + ")");
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode x = v.get(i);
      if (!x.isTextual()) {
        errors.add(field + "[" + i + "]", "a " + type(x) + " (expected: a string)");
      } else {
        out.add(x.textValue());
      }
    }
    return out;
  }

  /** A map of strings to strings; absent is an empty map. */
  Map<String, String> stringMap(String field, int maxItems) {
    JsonNode v = get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      errors.add(field, "a " + type(v) + " (expected: an object of strings)");
      return out;
    }
    if (v.size() > maxItems) {
      errors.add(field, v.size() + " entries (expected: at most " + maxItems + ")");
      return out;
    }
    v.properties()
        .forEach(
            e -> {
              if (!e.getValue().isTextual()) {
                errors.add(
                    field + "." + e.getKey(), "a " + type(e.getValue()) + " (expected: a string)");
              } else {
                out.put(e.getKey(), e.getValue().textValue());
              }
            });
    return out;
  }

  /** A duration such as {@code 24h}; absent is null. */
  Duration duration(String field) {
    String s = string(field, false, 64);
    if (s == null) {
      return null;
    }
    try {
      return bounded(s, Durations.parse(s));
    } catch (IllegalArgumentException | ArithmeticException e) {
      errors.add(field, e.getMessage());
      return null;
    }
  }

  /** The longest duration the API accepts (a ttl, grace or expiry): 36500 days, about 100 years. */
  static final Duration MAX_DURATION = Duration.ofDays(36_500);

  /** {@code d}, or IllegalArgumentException if it is longer than {@link #MAX_DURATION}. */
  static Duration bounded(String text, Duration d) {
    if (d.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "\""
              + AdminServer.shorten(text)
              + "\" is too long (expected: at most "
              + Durations.format(MAX_DURATION)
              + ", about 100 years)");
    }
    return d;
  }

  /** A time (RFC 3339, date, or relative duration before now). */
  Instant time(String field, boolean required, Clock clock) {
    String s = string(field, required, 64);
    if (s == null) {
      return null;
    }
    try {
      return Times.parse(s, clock);
    } catch (IllegalArgumentException e) {
      errors.add(field, e.getMessage());
      return null;
    }
  }

  private static String type(JsonNode v) {
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
