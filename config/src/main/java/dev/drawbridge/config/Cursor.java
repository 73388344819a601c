package dev.drawbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A node of the YAML tree together with its key path ({@code applications[2].policies[0]}) and the
 * problem list. Readers return null (or an empty list) after reporting a problem, so that reading
 * goes on and every problem of the file is reported at once.
 */
final class Cursor {
  private final JsonNode node;
  private final String path;
  private final Problems problems;

  Cursor(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  JsonNode node() {
    return node;
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  /** Absent, or written with no value ({@code key:} or {@code key: ~}). */
  boolean absent() {
    return node == null || node.isMissingNode() || node.isNull();
  }

  Cursor get(String key) {
    JsonNode child = node != null && node.isObject() ? node.get(key) : null;
    return new Cursor(child, path.isEmpty() ? key : path + "." + key, problems);
  }

  void problem(String what) {
    if (problems.isFailed(node)) {
      return;
    }
    problems.add(path, what);
  }

  /** Reports {@code <path>: missing (expected: …)}. */
  void missing(String expected) {
    problem("missing (expected: " + expected + ")");
  }

  /** Reports {@code <path>: found a list (expected: …)} for a value of the wrong kind. */
  void wrongKind(String expected) {
    problem("found " + describe() + " (expected: " + expected + ")");
  }

  /**
   * Reports {@code <path>: "<value>" <what> (expected: …)}; secrets from the environment hidden.
   */
  void badValue(String what, String expected) {
    problem(shown() + " " + what + (expected == null ? "" : " (expected: " + expected + ")"));
  }

  /**
   * Checks that this is a map whose keys are all in {@code allowed}; reports each unknown key.
   * Returns false (after reporting) if this is not a map; true also when absent.
   */
  boolean object(String expected, Set<String> allowed) {
    java.util.function.BiConsumer<String, Set<String>> o = observer;
    if (o != null) {
      o.accept(path, allowed);
    }
    if (absent()) {
      return true;
    }
    if (!node.isObject()) {
      wrongKind(expected);
      return false;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        get(key).problem("unknown key (expected: one of " + String.join(", ", allowed) + ")");
      }
    }
    return true;
  }

  /**
   * Sees every map the reader checks, with its path and allowed keys: how the configuration
   * reference is held to the parser (a test sets it; null otherwise).
   */
  static volatile java.util.function.BiConsumer<String, Set<String>> observer;

  static Set<String> keys(String... keys) {
    return new LinkedHashSet<>(List.of(keys));
  }

  /**
   * The elements of a list; a single value stands for a one-element list (with this path). Empty
   * when absent.
   */
  List<Cursor> items() {
    List<Cursor> out = new ArrayList<>();
    if (absent()) {
      return out;
    }
    if (!node.isArray()) {
      out.add(this);
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(new Cursor(node.get(i), path + "[" + i + "]", problems));
    }
    return out;
  }

  /** A string scalar (numbers are taken as written); null if absent or of the wrong kind. */
  String string(String expected) {
    if (absent()) {
      return null;
    }
    if (node.isTextual() || node.isNumber()) {
      return node.asText();
    }
    wrongKind(expected);
    return null;
  }

  /** Like {@link #string} but reports a missing or empty value. */
  String requiredString(String expected) {
    if (absent()) {
      missing(expected);
      return null;
    }
    String s = string(expected);
    if (s != null && s.isBlank()) {
      problem("is empty (expected: " + expected + ")");
      return null;
    }
    return s;
  }

  /** A list of strings (or one string); wrong kinds are reported at the element's path. */
  List<String> strings(String expected) {
    List<String> out = new ArrayList<>();
    for (Cursor item : items()) {
      if (item.absent()) {
        item.missing(expected);
        continue;
      }
      String s = item.string(expected);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  Boolean bool() {
    if (absent()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    wrongKind("true or false");
    return null;
  }

  /** A whole number in [min, max]; null if absent or bad. */
  Long integer(long min, long max) {
    if (absent()) {
      return null;
    }
    String expected = min + ".." + max;
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      wrongKind("a whole number in " + expected);
      return null;
    }
    long v = node.longValue();
    if (v < min || v > max) {
      problem(v + " is out of range (expected: a whole number in " + expected + ")");
      return null;
    }
    return v;
  }

  /** A duration (see {@link Durations}); {@code positive} rejects zero. Null if absent or bad. */
  Duration duration(boolean positive) {
    String s = string(Durations.EXPECTED);
    if (s == null) {
      return null;
    }
    Duration d;
    try {
      d = Durations.parse(s);
    } catch (IllegalArgumentException e) {
      badValue("is not a duration", Durations.EXPECTED);
      return null;
    }
    if (positive && d.isZero()) {
      badValue("is zero", "a duration greater than zero");
      return null;
    }
    return d;
  }

  /**
   * How the value is shown in messages: quoted text, or, for a value read from the environment, the
   * template it came from (a secret is never printed).
   */
  String shown() {
    String template = node == null ? null : problems.templateOf(node);
    if (template != null) {
      return "the value of " + quote(template);
    }
    if (node != null && node.isValueNode() && !node.isTextual()) {
      return node.asText();
    }
    return quote(node == null ? "" : node.asText());
  }

  private String describe() {
    if (node == null) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a map";
    }
    if (node.isTextual()) {
      return "a string " + shown();
    }
    return node.asText();
  }

  static String quote(String s) {
    String t = s.length() > 120 ? s.substring(0, 117) + "..." : s;
    StringBuilder out = new StringBuilder("\"");
    for (char c : t.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
