package dev.drawbridge.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks a {@link TokenSpec}; every problem is one message naming the field. */
final class TokenValidation {
  static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");
  private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9._/-]{1,63}");
  private static final Duration MAX_EXPIRY = Duration.ofDays(3650);

  private TokenValidation() {}

  static void check(TokenSpec s) {
    List<String> errors = new ArrayList<>();
    if (s.name() == null || !NAME.matcher(s.name()).matches()) {
      errors.add("name: " + quote(s.name()) + " (expected: 1-64 chars [a-z0-9._-])");
    }
    if (s.apps().isEmpty()) {
      errors.add("apps: [] (expected: at least one application id)");
    }
    for (int i = 0; i < s.apps().size(); i++) {
      String app = s.apps().get(i);
      if (app == null || app.isBlank() || app.length() > 64) {
        errors.add("apps[" + i + "]: " + quote(app) + " (expected: an application id)");
      }
    }
    Duration e = s.expires();
    if (e != null && !e.equals(TokenSpec.NEVER) && (e.isNegative() || e.isZero())) {
      errors.add("expires: " + e + " (expected: > 0)");
    } else if (e != null && !e.equals(TokenSpec.NEVER) && e.compareTo(MAX_EXPIRY) > 0) {
      errors.add("expires: " + e + " (expected: at most 3650d, or no expiry)");
    }
    if (s.cidrs().size() > 64) {
      errors.add("cidrs: " + s.cidrs().size() + " entries (expected: at most 64)");
    }
    if (s.owner() != null && (s.owner().length() > 254 || hasControl(s.owner()))) {
      errors.add("owner: " + quote(s.owner()) + " (expected: at most 254 printable chars)");
    }
    if (s.labels().size() > 32) {
      errors.add("labels: " + s.labels().size() + " entries (expected: at most 32)");
    }
    for (Map.Entry<String, String> l : s.labels().entrySet()) {
      if (!LABEL_KEY.matcher(l.getKey()).matches()) {
        errors.add("labels: key " + quote(l.getKey()) + " (expected: 1-63 chars [A-Za-z0-9._/-])");
      }
      String v = l.getValue();
      if (v == null || v.isEmpty() || v.length() > 256 || hasControl(v)) {
        errors.add("labels." + l.getKey() + ": " + quote(v) + " (expected: 1-256 printable chars)");
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
  }

  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return '"' + shown.replace("\"", "\\\"") + '"';
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }
}
