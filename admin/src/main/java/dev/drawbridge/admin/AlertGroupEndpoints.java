package dev.drawbridge.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET alerts/groups?since=}: alerts grouped by rule and principal, worst level first, each
 * with whether it was acknowledged, by whom and when; {@code POST alerts/{id}/acknowledge {by}}:
 * records an {@code alert_acknowledged} audit event (the acknowledgement lives in the audit log).
 */
final class AlertGroupEndpoints {
  static final Duration DEFAULT_SINCE = Duration.ofDays(7);
  static final List<String> LEVELS = List.of("critical", "high", "medium", "low", "informational");
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final AdminContext ctx;
  private final AdminAudit audit;
  private final AdminEvents events;

  AlertGroupEndpoints(AdminContext ctx, AdminAudit audit, AdminEvents events) {
    this.ctx = ctx;
    this.audit = audit;
    this.events = events;
  }

  /** Stored alerts since {@code since}, each with {@code acknowledged_by/_at} when it was. */
  static List<Map<String, Object>> alerts(AdminContext ctx, Instant since, AdminEvents events) {
    Map<String, Map<String, Object>> acks = new LinkedHashMap<>();
    for (Map<String, Object> e : events.all()) {
      if ("alert_acknowledged".equals(e.get("event"))
          && e.get("details") instanceof Map<?, ?> d
          && d.get("alert_id") != null) {
        acks.putIfAbsent(String.valueOf(d.get("alert_id")), e);
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String json : ctx.control().alerts().list(since)) {
      Map<String, Object> a;
      try {
        a = new LinkedHashMap<>(Json.MAPPER.readValue(json, MAP));
      } catch (IOException e) {
        continue; // a stored alert that is not JSON is skipped
      }
      Map<String, Object> ack = acks.get(String.valueOf(a.get("id")));
      if (ack != null) {
        Map<?, ?> d = (Map<?, ?>) ack.get("details");
        a.put("acknowledged_by", d.get("by") != null ? d.get("by") : ack.get("actor"));
        a.put("acknowledged_at", ack.get("time"));
      }
      out.add(a);
    }
    return out;
  }

  void groups(Call c) throws IOException {
    if (!c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(Set.of("since"));
    Instant since = ctx.clock().instant().minus(DEFAULT_SINCE);
    String s = c.query.get("since");
    if (s != null && !s.isBlank()) {
      try {
        since = Times.parse(s.trim(), ctx.clock());
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("since", e.getMessage());
      }
    }
    Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
    for (Map<String, Object> a : alerts(ctx, since, events)) {
      String key = a.get("rule_id") + "\0" + a.get("principal");
      Map<String, Object> g =
          groups.computeIfAbsent(
              key,
              k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rule_id", a.get("rule_id"));
                m.put("title", a.get("title"));
                m.put("level", a.get("level"));
                m.put("principal", a.get("principal"));
                m.put("alerts", new ArrayList<Map<String, Object>>());
                m.put("count", 0L);
                m.put("open", 0L);
                m.put("first_time", a.get("time"));
                m.put("last_time", a.get("time"));
                return m;
              });
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> list = (List<Map<String, Object>>) g.get("alerts");
      list.add(a);
      g.put(
          "count",
          (Long) g.get("count") + (a.get("count") instanceof Number n ? n.longValue() : 1));
      g.put("open", (Long) g.get("open") + (a.get("acknowledged_at") == null ? 1 : 0));
      String t = String.valueOf(a.get("time"));
      if (t.compareTo(String.valueOf(g.get("first_time"))) < 0) {
        g.put("first_time", t);
      }
      if (t.compareTo(String.valueOf(g.get("last_time"))) > 0) {
        g.put("last_time", t);
      }
      if (a.get("acknowledged_at") != null) {
        g.put("acknowledged_by", a.get("acknowledged_by"));
        g.put("acknowledged_at", a.get("acknowledged_at"));
      }
    }
    List<Map<String, Object>> out = new ArrayList<>(groups.values());
    out.sort(
        Comparator.comparingInt((Map<String, Object> g) -> rank(g.get("level")))
            .thenComparing(g -> String.valueOf(g.get("last_time")), Comparator.reverseOrder()));
    c.respond(200, out);
  }

  static int rank(Object level) {
    int i = LEVELS.indexOf(String.valueOf(level));
    return i < 0 ? LEVELS.size() : i;
  }

  void acknowledge(Call c, String id) throws IOException {
    if (!c.method.equals("POST")) {
      throw AdminServer.noRoute(c);
    }
    Body b = c.body(Set.of("by"));
    String by = b.string("by", false, 128);
    b.errors.throwIfAny();
    Map<String, Object> alert = null;
    for (Map<String, Object> a : alerts(ctx, Instant.EPOCH, events)) {
      if (id.equals(String.valueOf(a.get("id")))) {
        alert = a;
      }
    }
    if (alert == null) {
      throw ApiException.notFound("no alert " + AdminServer.shorten(id));
    }
    audit.requireHealthy();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("alert_id", id);
    details.put("rule_id", alert.get("rule_id"));
    details.put("level", alert.get("level"));
    details.put("title", alert.get("title"));
    details.put("by", by == null || by.isBlank() ? AdminAudit.ACTOR : by.trim());
    audit.record("alert_acknowledged", (String) alert.get("principal"), details);
    Map<String, Object> out = new LinkedHashMap<>(alert);
    out.put("acknowledged_by", details.get("by"));
    out.put("acknowledged_at", ctx.clock().instant().toString());
    c.respond(200, out);
  }
}
