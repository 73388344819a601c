package dev.drawbridge.detect.match;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.detect.RuleException;
import dev.drawbridge.detect.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Sigma {@code detection:} block into one {@link EventPredicate}. Supported: named
 * selections (maps AND, lists of maps OR, list values OR), modifiers {@code contains}, {@code
 * startswith}, {@code endswith}, {@code all}, {@code re} (with {@code i}, {@code m}, {@code s}),
 * {@code cidr}, {@code cased}, {@code exists}, {@code gt}, {@code gte}, {@code lt}, {@code lte},
 * wildcards {@code *} and {@code ?} in plain values, and the condition grammar of {@link
 * ConditionParser}. Anything else is a {@link RuleException} naming the file and line.
 */
public final class DetectionCompiler {
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "base64",
          "base64offset",
          "utf16le",
          "utf16be",
          "utf16",
          "wide",
          "windash",
          "expand",
          "fieldref",
          "neq");
  private static final List<String> SUPPORTED =
      List.of(
          "contains",
          "startswith",
          "endswith",
          "all",
          "re",
          "cidr",
          "cased",
          "exists",
          "gt",
          "gte",
          "lt",
          "lte");

  private final String source;
  private final Double threshold;
  private int thresholdSites;

  private DetectionCompiler(String source, Double threshold) {
    this.source = source;
    this.threshold = threshold;
  }

  /** A compiled detection and how many {@code gt}/{@code gte} bounds it has. */
  public record Compiled(EventPredicate predicate, int thresholdSites) {}

  /** Compiles {@code detection} (a map with named selections and a {@code condition}). */
  public static EventPredicate compile(YamlNode detection, String source) {
    return compile(detection, source, null).predicate();
  }

  /**
   * Compiles {@code detection}; a non-null {@code threshold} replaces the bound of every {@code
   * gt}/{@code gte} modifier (used for configurable thresholds of built-in rules).
   */
  public static Compiled compile(YamlNode detection, String source, Double threshold) {
    DetectionCompiler c = new DetectionCompiler(source, threshold);
    EventPredicate p = c.detection(detection);
    return new Compiled(p, c.thresholdSites);
  }

  private RuleException error(int line, String problem) {
    return new RuleException(source, line, problem);
  }

  private EventPredicate detection(YamlNode detection) {
    if (detection == null || !detection.isMap()) {
      throw error(
          detection == null ? 0 : detection.line(),
          "detection must be a map of named selections and a condition");
    }
    Map<String, EventPredicate> selections = new LinkedHashMap<>();
    YamlNode condition = null;
    for (Map.Entry<String, YamlNode> e : detection.entries().entrySet()) {
      String name = e.getKey();
      int line = detection.keyLine(name);
      if (name.equals("condition")) {
        condition = e.getValue();
      } else if (name.equals("timeframe")) {
        throw error(
            line,
            "unsupported feature 'detection.timeframe' (Sigma 1 aggregation); use a correlation"
                + " rule with timespan");
      } else {
        selections.put(name, selection(e.getValue(), "detection." + name));
      }
    }
    if (condition == null) {
      throw error(detection.line(), "detection has no condition");
    }
    if (selections.isEmpty()) {
      throw error(detection.line(), "detection has no selections");
    }
    if (condition.isList()) {
      List<EventPredicate> any = new ArrayList<>();
      for (YamlNode c : condition.items()) {
        any.add(conditionText(c, selections));
      }
      return Logic.or(any);
    }
    return conditionText(condition, selections);
  }

  private EventPredicate conditionText(YamlNode c, Map<String, EventPredicate> selections) {
    if (!c.isScalar() || !(c.value() instanceof String)) {
      throw error(c.line(), "detection.condition must be a string, got " + c.describe());
    }
    return ConditionParser.parse((String) c.value(), selections, source, c.line());
  }

  private EventPredicate selection(YamlNode node, String path) {
    if (node.isMap()) {
      return fields(node, path);
    }
    if (node.isList()) {
      List<EventPredicate> any = new ArrayList<>();
      for (YamlNode item : node.items()) {
        if (!item.isMap()) {
          throw error(
              item.line(),
              "unsupported feature: keyword selection (a list of plain values) in "
                  + path
                  + "; name the field, e.g. path|contains: ...");
        }
        any.add(fields(item, path));
      }
      if (any.isEmpty()) {
        throw error(node.line(), path + " is an empty list");
      }
      return Logic.or(any);
    }
    throw error(
        node.line(),
        "unsupported feature: keyword selection in " + path + " (" + node.describe() + ")");
  }

  private EventPredicate fields(YamlNode map, String path) {
    List<EventPredicate> all = new ArrayList<>();
    for (Map.Entry<String, YamlNode> e : map.entries().entrySet()) {
      all.add(field(e.getKey(), e.getValue(), path, map.keyLine(e.getKey())));
    }
    if (all.isEmpty()) {
      throw error(map.line(), path + " is an empty map");
    }
    return Logic.and(all);
  }

  private EventPredicate field(String key, YamlNode value, String path, int line) {
    String[] parts = key.split("\\|", -1);
    String field = parts[0];
    if (field.isEmpty()) {
      throw error(line, "unsupported feature: keyword search '" + key + "' in " + path);
    }
    String mode = null;
    boolean all = false;
    boolean cased = false;
    boolean exists = false;
    StringBuilder reFlags = null;
    for (int i = 1; i < parts.length; i++) {
      String m = parts[i];
      if (reFlags != null && (m.equals("i") || m.equals("m") || m.equals("s"))) {
        reFlags.append(m);
        continue;
      }
      switch (m) {
        case "contains":
        case "startswith":
        case "endswith":
        case "re":
        case "cidr":
        case "gt":
        case "gte":
        case "lt":
        case "lte":
          if (mode != null) {
            throw error(
                line, "modifiers '" + mode + "' and '" + m + "' cannot be combined in " + key);
          }
          mode = m;
          if (m.equals("re")) {
            reFlags = new StringBuilder();
          }
          break;
        case "all":
          all = true;
          break;
        case "cased":
          cased = true;
          break;
        case "exists":
          exists = true;
          break;
        default:
          throw error(
              line,
              (UNSUPPORTED.contains(m) ? "unsupported modifier '" : "unknown modifier '")
                  + m
                  + "' in "
                  + path
                  + "."
                  + key
                  + " (supported: "
                  + String.join(", ", SUPPORTED)
                  + ")");
      }
    }
    if (exists) {
      if (mode != null || all || !value.isScalar() || !(value.value() instanceof Boolean)) {
        throw error(line, "'exists' takes true or false alone, in " + path + "." + key);
      }
      boolean want = (Boolean) value.value();
      return FieldPredicate.exists(field, key + "\u0000" + want, want);
    }
    List<YamlNode> values = value.isList() ? value.items() : List.of(value);
    List<ValueMatcher> matchers = new ArrayList<>();
    for (YamlNode v : values) {
      if (!v.isScalar()) {
        throw error(
            v.line(), "value of " + path + "." + key + " must be a scalar, got " + v.describe());
      }
      matchers.add(matcher(mode, reFlags, cased, v, path + "." + key));
    }
    if (all && matchers.size() < 2 && !value.isList()) {
      all = false;
    }
    return new FieldPredicate(field, checkKey(key, values, mode), matchers, all);
  }

  /**
   * Everything that decides the check's answer: the key with its modifiers, each value with its
   * YAML type, and the replaced bound of a {@code gt}/{@code gte} (see {@link
   * FieldPredicate#key()}).
   */
  private String checkKey(String key, List<YamlNode> values, String mode) {
    StringBuilder sb = new StringBuilder(key);
    for (YamlNode v : values) {
      Object x = v.value();
      sb.append('\u0000');
      if (x == null) {
        sb.append("null");
      } else {
        sb.append(x.getClass().getName()).append(':').append(Fields.text(x));
      }
    }
    if (threshold != null && mode != null && mode.startsWith("gt")) {
      sb.append("\u0000threshold:").append(threshold);
    }
    return sb.toString();
  }

  private ValueMatcher matcher(
      String mode, CharSequence reFlags, boolean cased, YamlNode node, String where) {
    Object v = node.value();
    if (v == null) {
      return null;
    }
    int line = node.line();
    if ("re".equals(mode)) {
      int flags = 0;
      for (char c : reFlags.toString().toCharArray()) {
        flags |=
            c == 'i' ? Pattern.CASE_INSENSITIVE : c == 'm' ? Pattern.MULTILINE : Pattern.DOTALL;
      }
      try {
        return new RegexMatcher(Pattern.compile(Fields.text(v), flags), false);
      } catch (PatternSyntaxException e) {
        throw error(line, "bad regular expression in " + where + ": " + e.getDescription());
      }
    }
    if ("cidr".equals(mode)) {
      try {
        return ScalarMatchers.cidr(Cidr.parse(Fields.text(v)));
      } catch (IllegalArgumentException e) {
        throw error(line, where + ": " + e.getMessage());
      }
    }
    if (mode != null && mode.length() <= 3) {
      double bound = Fields.number(v);
      if (Double.isNaN(bound)) {
        throw error(line, where + ": '" + mode + "' needs a number, got " + node.describe());
      }
      if (mode.startsWith("gt")) {
        thresholdSites++;
        if (threshold != null) {
          bound = threshold;
        }
      }
      return ScalarMatchers.compare(mode, bound);
    }
    if (mode == null && v instanceof Number) {
      return ScalarMatchers.number((Number) v);
    }
    if (mode == null && v instanceof Boolean) {
      return ScalarMatchers.bool((Boolean) v);
    }
    return Wildcards.compile(Fields.text(v), mode, cased);
  }
}
