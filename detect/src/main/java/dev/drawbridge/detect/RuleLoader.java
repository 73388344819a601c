package dev.drawbridge.detect;

import dev.drawbridge.detect.yaml.YamlNode;
import dev.drawbridge.detect.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Sigma rule files (one or more YAML documents each) into {@link Rule}s. Every unsupported
 * feature is a {@link RuleException} that names the file, the line and the feature. References
 * between rules are resolved later, by {@link DetectionEngine}.
 */
public final class RuleLoader {
  private static final Set<String> LEVELS =
      Set.of("informational", "low", "medium", "high", "critical");
  private static final Set<String> CORRELATION_KEYS =
      Set.of("type", "rules", "group-by", "timespan", "condition", "generate");
  private static final Set<String> CONDITION_KEYS = Set.of("gt", "gte", "lt", "lte", "eq", "field");
  private static final Duration DEFAULT_LOCK_TTL = Duration.ofHours(24);

  private RuleLoader() {}

  /** Reads and parses {@code file}; its path is the source name in errors. */
  public static List<Rule> load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleException(file.toString(), 0, "cannot read rule file: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses every document of {@code yaml}; {@code sourceName} names it in errors. */
  public static List<Rule> parse(String yaml, String sourceName) {
    List<Rule> rules = new ArrayList<>();
    List<YamlNode> docs = YamlReader.readAll(yaml, sourceName);
    for (int i = 0; i < docs.size(); i++) {
      rules.add(document(docs.get(i), sourceName, i + 1));
    }
    if (rules.isEmpty()) {
      throw new RuleException(sourceName, 1, "no rule in file");
    }
    return rules;
  }

  private static Rule document(YamlNode doc, String source, int number) {
    if (!doc.isMap()) {
      throw new RuleException(
          source, doc.line(), "a rule document must be a map, got " + doc.describe());
    }
    for (String unsupported : List.of("action", "filter", "aggregation")) {
      if (doc.get(unsupported) != null) {
        throw new RuleException(
            source,
            doc.keyLine(unsupported),
            "unsupported feature '" + unsupported + "' (Sigma meta/filter documents)");
      }
    }
    Meta meta = meta(doc, source, number);
    YamlNode correlation = doc.get("correlation");
    YamlNode detection = doc.get("detection");
    if (correlation != null && detection != null) {
      throw new RuleException(
          source, doc.keyLine("correlation"), "a document has either detection or correlation");
    }
    if (correlation != null) {
      return correlation(doc, correlation, meta, source);
    }
    if (detection == null) {
      throw new RuleException(source, doc.line(), "rule has neither detection nor correlation");
    }
    logsource(doc, source);
    return new SigmaRule(meta, detection);
  }

  private static void logsource(YamlNode doc, String source) {
    YamlNode ls = doc.get("logsource");
    if (ls == null || !ls.isMap()) {
      throw new RuleException(
          source, ls == null ? doc.line() : ls.line(), "logsource must be {product: drawbridge}");
    }
    for (Map.Entry<String, YamlNode> e : ls.entries().entrySet()) {
      String key = e.getKey();
      Object v = e.getValue().value();
      if (key.equals("product") && "drawbridge".equals(v)) {
        continue;
      }
      if (key.equals("definition")) {
        continue;
      }
      throw new RuleException(
          source,
          ls.keyLine(key),
          "unsupported logsource "
              + key
              + ": "
              + e.getValue().describe()
              + " (Drawbridge reads only logsource {product: drawbridge})");
    }
    if (ls.get("product") == null) {
      throw new RuleException(source, ls.line(), "logsource needs product: drawbridge");
    }
  }

  private static Meta meta(YamlNode doc, String source, int number) {
    String title = string(doc, "title", source);
    if (title == null) {
      throw new RuleException(source, doc.line(), "rule has no title");
    }
    String id = string(doc, "id", source);
    String name = string(doc, "name", source);
    String level = string(doc, "level", source);
    if (level == null) {
      level = "medium";
    } else if (!LEVELS.contains(level)) {
      throw new RuleException(
          source, doc.keyLine("level"), "level '" + level + "' is not one of " + LEVELS);
    }
    List<String> tags = strings(doc.get("tags"), "tags", source);
    List<String> response = List.of("alert");
    Duration lockTtl = null;
    YamlNode ext = doc.get("drawbridge");
    if (ext != null) {
      if (!ext.isMap()) {
        throw new RuleException(source, ext.line(), "drawbridge must be a map");
      }
      for (String key : ext.entries().keySet()) {
        if (!key.equals("response") && !key.equals("lock_ttl")) {
          throw new RuleException(
              source,
              ext.keyLine(key),
              "unknown key drawbridge." + key + " (expected: response, lock_ttl)");
        }
      }
      if (ext.get("response") != null) {
        response = strings(ext.get("response"), "drawbridge.response", source);
        for (String r : response) {
          if (!r.equals("alert") && !r.equals("lock")) {
            throw new RuleException(
                source,
                ext.keyLine("response"),
                "drawbridge.response: '" + r + "' is not alert or lock");
          }
        }
      }
      if (ext.get("lock_ttl") != null) {
        lockTtl = duration(ext.get("lock_ttl"), "drawbridge.lock_ttl", source);
      }
    }
    if (response.contains("lock")) {
      lockTtl = lockTtl == null ? DEFAULT_LOCK_TTL : lockTtl;
    } else {
      lockTtl = null;
    }
    String effectiveId = id != null ? id : name != null ? name : source + "#" + number;
    return new Meta(
        effectiveId,
        name,
        title,
        level,
        string(doc, "status", source),
        string(doc, "description", source),
        tags,
        response,
        lockTtl,
        source,
        doc.line());
  }

  private static SigmaCorrelation correlation(YamlNode doc, YamlNode c, Meta meta, String source) {
    if (!c.isMap()) {
      throw new RuleException(source, c.line(), "correlation must be a map");
    }
    for (String key : c.entries().keySet()) {
      if (key.equals("aliases")) {
        throw new RuleException(
            source, c.keyLine(key), "unsupported feature 'correlation.aliases'");
      }
      if (!CORRELATION_KEYS.contains(key)) {
        throw new RuleException(
            source,
            c.keyLine(key),
            "unknown key correlation." + key + " (expected: " + CORRELATION_KEYS + ")");
      }
    }
    String typeName = string(c, "type", source);
    CorrelationType type = typeName == null ? null : CorrelationType.of(typeName);
    if (type == null) {
      throw new RuleException(
          source,
          c.keyLine("type"),
          typeName == null
              ? "correlation.type is missing"
              : "unsupported correlation type '"
                  + typeName
                  + "' (supported: event_count, value_count, temporal, temporal_ordered)");
    }
    List<String> rules = strings(c.get("rules"), "correlation.rules", source);
    if (rules.isEmpty()) {
      throw new RuleException(source, c.keyLine("rules"), "correlation.rules is empty or missing");
    }
    if (rules.size() > 64) {
      throw new RuleException(source, c.keyLine("rules"), "correlation.rules has more than 64");
    }
    List<String> groupBy = strings(c.get("group-by"), "correlation.group-by", source);
    YamlNode ts = c.get("timespan");
    if (ts == null) {
      throw new RuleException(source, c.line(), "correlation.timespan is missing");
    }
    Duration timespan = duration(ts, "correlation.timespan", source);
    CountCondition condition = condition(c, type, rules.size(), source);
    boolean generate = bool(doc.get("generate"), source) || bool(c.get("generate"), source);
    return new SigmaCorrelation(meta, type, rules, groupBy, timespan, condition, generate);
  }

  private static CountCondition condition(
      YamlNode c, CorrelationType type, int ruleCount, String source) {
    YamlNode node = c.get("condition");
    boolean temporal = type == CorrelationType.TEMPORAL || type == CorrelationType.TEMPORAL_ORDERED;
    if (node == null) {
      if (temporal) {
        return CountCondition.atLeast(ruleCount, null);
      }
      throw new RuleException(source, c.line(), "correlation.condition is missing");
    }
    int line = c.keyLine("condition");
    if (!node.isMap()) {
      throw new RuleException(
          source,
          line,
          "correlation.condition must be a map like {gte: 10}, got " + node.describe());
    }
    Long[] bounds = new Long[5];
    String field = null;
    for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
      String key = e.getKey();
      int keyLine = node.keyLine(key);
      if (!CONDITION_KEYS.contains(key)) {
        throw new RuleException(
            source,
            keyLine,
            "unsupported correlation condition '" + key + "' (expected: " + CONDITION_KEYS + ")");
      }
      Object v = e.getValue().value();
      if (key.equals("field")) {
        if (!(v instanceof String)) {
          throw new RuleException(
              source, keyLine, "correlation.condition.field must be one field name");
        }
        field = (String) v;
        continue;
      }
      if (!(v instanceof Integer || v instanceof Long)) {
        throw new RuleException(
            source,
            keyLine,
            "correlation.condition." + key + " must be an integer, got " + e.getValue().describe());
      }
      bounds[List.of("gt", "gte", "lt", "lte", "eq").indexOf(key)] = ((Number) v).longValue();
    }
    if (type == CorrelationType.VALUE_COUNT && field == null) {
      throw new RuleException(source, line, "value_count needs condition.field");
    }
    if (type != CorrelationType.VALUE_COUNT && field != null) {
      throw new RuleException(
          source, line, "condition.field is only for value_count, not " + type.sigmaName());
    }
    if (type == CorrelationType.TEMPORAL_ORDERED) {
      throw new RuleException(
          source,
          line,
          "unsupported feature: a condition on temporal_ordered (all rules, in order)");
    }
    try {
      return new CountCondition(bounds[0], bounds[1], bounds[2], bounds[3], bounds[4], field);
    } catch (IllegalArgumentException e) {
      throw new RuleException(source, line, "correlation." + e.getMessage());
    }
  }

  private static String string(YamlNode map, String key, String source) {
    YamlNode n = map.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isScalar() || n.value() instanceof Boolean) {
      throw new RuleException(
          source, map.keyLine(key), key + " must be a string, got " + n.describe());
    }
    return String.valueOf(n.value());
  }

  private static List<String> strings(YamlNode n, String what, String source) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (n.isScalar() && n.value() instanceof String) {
      return List.of((String) n.value());
    }
    if (!n.isList()) {
      throw new RuleException(source, n.line(), what + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : n.items()) {
      if (!item.isScalar() || item.value() == null || item.value() instanceof Boolean) {
        throw new RuleException(
            source, item.line(), what + " must be a list of strings, got " + item.describe());
      }
      out.add(String.valueOf(item.value()));
    }
    return out;
  }

  private static Duration duration(YamlNode n, String what, String source) {
    Duration d = n.value() instanceof String ? Durations.parse((String) n.value()) : null;
    if (d == null || d.isZero()) {
      throw new RuleException(
          source,
          n.line(),
          what + ": " + n.describe() + " is not a timespan like 30s, 15m, 1h, 7d");
    }
    return d;
  }

  private static boolean bool(YamlNode n, String source) {
    if (n == null || n.isNull()) {
      return false;
    }
    if (!(n.value() instanceof Boolean)) {
      throw new RuleException(source, n.line(), "generate must be true or false");
    }
    return (Boolean) n.value();
  }
}
