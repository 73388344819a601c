package dev.drawbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code detection:}. Rule globs stay strings, resolved against the config's directory;
 * settings keep YAML scalars as String, Number or Boolean.
 */
final class DetectionSection {
  private static final Set<String> KEYS = Cursor.keys("rules", "disable", "settings");
  private static final String SETTINGS =
      "a map of rule id to a map of settings, e.g. drawbridge.bulk-download: {threshold: 10}";

  private DetectionSection() {}

  static DetectionConfig read(Cursor c, Path baseDir) {
    if (c.absent() || !c.object("a map with rules, disable, settings", KEYS)) {
      return DetectionConfig.defaults();
    }
    List<String> rules = new ArrayList<>();
    Cursor rc = c.get("rules");
    for (String glob : rc.strings("file globs such as ./rules/*.yml")) {
      String g = glob.trim();
      if (g.isEmpty()) {
        rc.problem("\"\" is not a file glob (expected: a file glob such as ./rules/*.yml)");
        continue;
      }
      rules.add(resolve(baseDir, g));
    }
    List<String> disable = new ArrayList<>();
    for (String id : c.get("disable").strings("built-in rule ids")) {
      if (!id.isBlank() && !disable.contains(id.trim())) {
        disable.add(id.trim());
      }
    }
    return new DetectionConfig(rules, disable, settings(c.get("settings")));
  }

  static String resolve(Path baseDir, String glob) {
    try {
      return baseDir.resolve(glob).normalize().toString();
    } catch (InvalidPathException e) {
      String base = baseDir.toString();
      return glob.startsWith("/") ? glob : base + (base.endsWith("/") ? "" : "/") + glob;
    }
  }

  private static Map<String, Map<String, Object>> settings(Cursor c) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (c.absent()) {
      return out;
    }
    if (!c.node().isObject()) {
      c.wrongKind(SETTINGS);
      return out;
    }
    for (Iterator<String> it = c.node().fieldNames(); it.hasNext(); ) {
      String rule = it.next();
      Cursor ruleCursor = c.get(rule);
      Map<String, Object> values = new LinkedHashMap<>();
      if (ruleCursor.absent()) {
        out.put(rule, values);
        continue;
      }
      if (!ruleCursor.node().isObject()) {
        ruleCursor.wrongKind("a map of settings such as {threshold: 10, timespan: 1h}");
        continue;
      }
      for (Iterator<String> keys = ruleCursor.node().fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        Cursor v = ruleCursor.get(key);
        // response is a list of actions ([alert, lock]); every other setting is one scalar
        Object value = "response".equals(key) ? texts(v.node()) : scalar(v.node());
        if (value == null) {
          v.wrongKind(
              "response".equals(key)
                  ? "a list of alert, lock (or one of them)"
                  : "a string, number or true/false");
        } else {
          values.put(key, value);
        }
      }
      out.put(rule, Map.copyOf(values));
    }
    return out;
  }

  /** A list of strings, or one string; null for anything else. */
  private static Object texts(JsonNode n) {
    if (n != null && n.isTextual()) {
      return n.textValue();
    }
    if (n == null || !n.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isTextual()) {
        return null;
      }
      out.add(x.textValue());
    }
    return List.copyOf(out);
  }

  private static Object scalar(JsonNode n) {
    if (n == null || n.isNull() || n.isContainerNode()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    return null;
  }
}
