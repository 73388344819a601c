package dev.drawbridge.detect;

import dev.drawbridge.config.DetectionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in rule pack of SPEC §6 (Sigma files under {@code dev/drawbridge/detect/builtin/}),
 * minus {@code detection.disable}, with {@code detection.settings} applied, plus the user rules of
 * {@code detection.rules}. Settings per rule id: {@code threshold} (the count bound of a
 * correlation, or the single {@code gte} bound of a detection such as {@code
 * credential_idle_days}), {@code timespan} (e.g. {@code 30m}), {@code lock_ttl}, {@code response}.
 * Bad settings are IllegalArgumentExceptions naming {@code detection.settings.<id>.<key>}.
 */
public final class BuiltinRules {
  /** The built-in rule ids, in the order of SPEC §6. */
  public static final List<String> IDS =
      List.of(
          "drawbridge.bulk-resource-access",
          "drawbridge.bulk-download",
          "drawbridge.lateral-movement",
          "drawbridge.service-admin-action",
          "drawbridge.dormant-credential-reuse",
          "drawbridge.dormant-credential-new-network",
          "drawbridge.credential-new-network",
          "drawbridge.exposed-credential-use",
          "drawbridge.denied-burst",
          "drawbridge.tunnel-fan-out");

  /** The rule the gateway also evaluates inline, before the upstream is contacted. */
  public static final String DORMANT_NEW_NETWORK = "drawbridge.dormant-credential-new-network";

  private static final Set<String> SETTING_KEYS =
      Set.of("threshold", "timespan", "lock_ttl", "response");

  private BuiltinRules() {}

  /** The built-in pack only, with default thresholds. */
  public static List<Rule> pack() {
    List<Rule> out = new ArrayList<>();
    for (String id : IDS) {
      out.addAll(builtin(id));
    }
    return out;
  }

  /** Built-in pack (minus disabled, with settings) plus the user rules of {@code cfg.rules()}. */
  public static List<Rule> load(DetectionConfig cfg) {
    for (String id : cfg.disable()) {
      if (!IDS.contains(id)) {
        throw new IllegalArgumentException(
            "detection.disable: '"
                + id
                + "' is not a built-in rule id (expected one of "
                + IDS
                + ")");
      }
    }
    List<Rule> rules = new ArrayList<>();
    for (String id : IDS) {
      if (!cfg.disable().contains(id)) {
        rules.addAll(builtin(id));
      }
    }
    for (var file : RuleFiles.expand(cfg.rules())) {
      rules.addAll(RuleLoader.load(file));
    }
    Set<String> unused = new LinkedHashSet<>(cfg.settings().keySet());
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      Map<String, Object> s = cfg.settings().get(r.id());
      if (s != null) {
        unused.remove(r.id());
        rules.set(i, apply(r, s));
      }
    }
    for (String id : unused) {
      if (!cfg.disable().contains(id)) {
        throw new IllegalArgumentException("detection.settings." + id + ": no rule has this id");
      }
    }
    new DetectionEngine(rules, EngineLimits.defaults());
    return List.copyOf(rules);
  }

  private static List<Rule> builtin(String id) {
    String file = id.substring("drawbridge.".length()) + ".yml";
    try (InputStream in = BuiltinRules.class.getResourceAsStream("builtin/" + file)) {
      if (in == null) {
        throw new IllegalStateException("built-in rule file missing: " + file);
      }
      return RuleLoader.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "builtin:" + file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in rule file " + file, e);
    }
  }

  static Rule apply(Rule rule, Map<String, Object> settings) {
    String at = "detection.settings." + rule.id() + ".";
    for (String key : settings.keySet()) {
      if (!SETTING_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            at + key + ": unknown setting (expected: threshold, timespan, lock_ttl, response)");
      }
    }
    Rule r = rule;
    Object threshold = settings.get("threshold");
    if (threshold != null) {
      // a correlation counts at least one event; a single-event bound (idle days) may be 0
      long n = whole(threshold, at + "threshold", r instanceof SigmaCorrelation ? 1 : 0);
      if (r instanceof SigmaCorrelation) {
        r = ((SigmaCorrelation) r).withThreshold(n);
      } else {
        try {
          r = ((SigmaRule) r).withThreshold(n);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(at + "threshold: " + e.getMessage(), e);
        }
      }
    }
    Object timespan = settings.get("timespan");
    if (timespan != null) {
      if (!(r instanceof SigmaCorrelation)) {
        throw new IllegalArgumentException(
            at + "timespan: rule " + rule.id() + " is not a correlation and has no timespan");
      }
      r = ((SigmaCorrelation) r).withTimespan(duration(timespan, at + "timespan"));
    }
    List<String> response = r.response();
    Object resp = settings.get("response");
    if (resp != null) {
      List<?> raw = resp instanceof List ? (List<?>) resp : List.of(resp);
      List<String> list = new ArrayList<>();
      for (Object o : raw) {
        if (!"alert".equals(o) && !"lock".equals(o)) {
          throw new IllegalArgumentException(
              at + "response: \"" + o + "\" (expected: alert, lock)");
        }
        list.add((String) o);
      }
      response = list;
    }
    Duration ttl = r.lockTtl();
    Object lockTtl = settings.get("lock_ttl");
    if (lockTtl != null) {
      ttl = duration(lockTtl, at + "lock_ttl");
    }
    if (response.contains("lock")) {
      ttl = ttl == null ? Duration.ofHours(24) : ttl;
    } else {
      ttl = null;
    }
    if (r instanceof SigmaCorrelation) {
      return ((SigmaCorrelation) r).withResponse(response, ttl);
    }
    return ((SigmaRule) r).withResponse(response, ttl);
  }

  private static long whole(Object v, String at, long min) {
    long n;
    if (v instanceof Number) {
      n = ((Number) v).longValue();
    } else {
      try {
        n = Long.parseLong(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(at + ": \"" + v + "\" (expected: " + what(min) + ")");
      }
    }
    if (n < min) {
      throw new IllegalArgumentException(at + ": " + n + " (expected: " + what(min) + ")");
    }
    return n;
  }

  private static String what(long min) {
    return min == 0 ? "an integer >= 0" : "a positive integer";
  }

  private static Duration duration(Object v, String at) {
    Duration d = Durations.parse(String.valueOf(v));
    if (d == null || d.isZero()) {
      throw new IllegalArgumentException(
          at + ": \"" + v + "\" (expected: a duration like 30s, 15m, 1h, 7d)");
    }
    return d;
  }
}
