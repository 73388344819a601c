package dev.drawbridge.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Errors per field, collected while a request is checked, thrown together at the end. */
final class FieldErrors {
  private final Map<String, String> errors = new LinkedHashMap<>();

  void add(String field, String problem) {
    errors.putIfAbsent(field, problem);
  }

  boolean has(String field) {
    return errors.containsKey(field);
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws a 400 naming every field collected so far, if any. */
  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  /**
   * Turns the control plane's validation message ({@code "name: \"X\" (expected: …); apps: …"})
   * into errors per field; a part without a field name goes under {@code fallback}.
   */
  static Map<String, String> fromMessage(String message, String fallback) {
    Map<String, String> out = new LinkedHashMap<>();
    if (message == null || message.isBlank()) {
      out.put(fallback, "invalid");
      return out;
    }
    for (String part : message.split("; ")) {
      int colon = part.indexOf(": ");
      String field = colon > 0 ? part.substring(0, colon) : "";
      if (field.isEmpty() || !field.matches("[A-Za-z0-9_.\\[\\]/-]{1,80}")) {
        out.merge(fallback, part, (a, b) -> a + "; " + b);
      } else {
        out.merge(field, part.substring(colon + 2), (a, b) -> a + "; " + b);
      }
    }
    return out;
  }

  static String summary(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining("; "));
  }
}
