package dev.drawbridge.audit.sink;

import static dev.drawbridge.audit.sink.Ocsf.putIf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An alert as OCSF Detection Finding (class 2004, category 2 Findings): {@code alert_raised} is
 * activity 1 Create with status New, {@code alert_acknowledged} activity 2 Update with status In
 * Progress. The Sigma level maps to {@code severity_id}: informational 1, low 2, medium 3, high 4,
 * critical 5 (unknown: 0 Unknown). The rule is the finding's analytic; the principal the actor of
 * its evidence.
 */
final class DetectionFinding {
  private DetectionFinding() {}

  static final List<String> SEVERITIES =
      List.of("Unknown", "Informational", "Low", "Medium", "High", "Critical");

  static int severityId(Object level) {
    if (level == null) {
      return 0;
    }
    return switch (level.toString().toLowerCase(Locale.ROOT)) {
      case "informational", "info" -> 1;
      case "low" -> 2;
      case "medium" -> 3;
      case "high" -> 4;
      case "critical" -> 5;
      default -> 0;
    };
  }

  static Map<String, Object> map(Map<String, Object> event, String name) {
    // an acknowledgement, an administrative act, carries the alert's fields in its details
    Map<String, Object> e = new LinkedHashMap<>();
    if (event.get("details") instanceof Map<?, ?> d) {
      d.forEach((k, v) -> e.put(String.valueOf(k), v));
    }
    e.putAll(event);
    Map<String, Object> o = new LinkedHashMap<>();
    Ocsf.classify(o, 2004, "Detection Finding", 2, "Findings");
    boolean ack = name.contains("ack");
    Ocsf.activity(o, ack ? 2 : 1, ack ? "Update" : "Create");
    // raised: when the alert was (alert_time); acknowledged: when that was recorded (time)
    Object when = !ack && e.get("alert_time") != null ? e.get("alert_time") : e.get("time");
    o.put("time", Ocsf.epochMillis(when));
    int severity = severityId(e.get("level"));
    o.put("severity_id", severity);
    o.put("severity", SEVERITIES.get(severity));
    o.put("status_id", ack ? 2 : 1);
    o.put("status", ack ? "In Progress" : "New");
    Map<String, Object> info = new LinkedHashMap<>();
    putIf(info, "uid", first(e, "alert_id", "id"));
    putIf(info, "title", e.get("title"));
    Map<String, Object> analytic = new LinkedHashMap<>();
    putIf(analytic, "uid", e.get("rule_id"));
    putIf(analytic, "name", e.get("rule_id"));
    analytic.put("type_id", 1);
    analytic.put("type", "Rule");
    info.put("analytic", analytic);
    putIf(info, "first_seen_time", millisOrNull(e.get("first_time")));
    putIf(info, "last_seen_time", millisOrNull(e.get("last_time")));
    if (e.get("request_ids") instanceof List<?> ids && !ids.isEmpty()) {
      info.put("related_events", ids.stream().map(id -> Map.of("uid", id)).toList());
    }
    putIf(info, "types", e.get("response") instanceof List<?> r ? r : null);
    o.put("finding_info", info);
    putIf(o, "count", e.get("count"));
    if (e.get("principal") != null) {
      // the principal the alert is about: the evidence's actor
      Map<String, Object> user = new LinkedHashMap<>();
      user.put("name", e.get("principal"));
      o.put("evidences", List.of(Map.of("actor", Map.of("user", user))));
    }
    if (ack) {
      Map<String, Object> who = new LinkedHashMap<>(e);
      if (e.get("by") != null) {
        who.put("actor", e.get("by"));
      }
      Map<String, Object> actor = Ocsf.administrator(who);
      if (!actor.isEmpty()) {
        o.put("actor", actor);
      }
    }
    Ocsf.common(o, event);
    return o;
  }

  private static Object first(Map<String, Object> e, String... keys) {
    for (String k : keys) {
      if (e.get(k) != null) {
        return e.get(k);
      }
    }
    return null;
  }

  private static Long millisOrNull(Object t) {
    long ms = Ocsf.epochMillis(t);
    return t == null || ms == 0 ? null : ms;
  }
}
