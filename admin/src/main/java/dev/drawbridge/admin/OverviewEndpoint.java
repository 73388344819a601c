package dev.drawbridge.admin;

import dev.drawbridge.audit.AuditQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET overview?hours=}: requests, denials and alerts over the last hours (default 24) in 24
 * buckets, active locks, open (unacknowledged) alerts by level and the credentials that need action
 * (exposed, dormant, stale: the credential audit's findings).
 */
final class OverviewEndpoint {
  static final int BUCKETS = 24;
  static final int MAX_EVENTS = 100_000;
  private final AdminContext ctx;
  private final AdminEvents events;

  OverviewEndpoint(AdminContext ctx, AdminEvents events) {
    this.ctx = ctx;
    this.events = events;
  }

  void handle(Call c) throws IOException {
    if (!c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(Set.of("hours"));
    int hours = 24;
    String h = c.query.get("hours");
    if (h != null && !h.isBlank()) {
      try {
        hours = Integer.parseInt(h.trim());
      } catch (NumberFormatException e) {
        hours = -1;
      }
      if (hours < 1 || hours > 24 * 90) {
        throw ApiException.invalid(
            "hours", "\"" + AdminServer.shorten(h) + "\" (expected: 1 to 2160)");
      }
    }
    Instant to = ctx.clock().instant();
    Instant from = to.minus(Duration.ofHours(hours));
    long bucketMs = Duration.ofHours(hours).toMillis() / BUCKETS;
    long[][] series = new long[BUCKETS][3];
    List<Map<String, Object>> access =
        ctx.eventQuery().apply(new AuditQuery(null, null, null, from, null, MAX_EVENTS));
    for (Map<String, Object> e : access) {
      int i = bucket(e.get("time"), from, bucketMs);
      if (i >= 0) {
        series[i][0]++;
        series[i][1] += "deny".equals(e.get("decision")) ? 1 : 0;
      }
    }
    List<Map<String, Object>> alerts = AlertGroupEndpoints.alerts(ctx, from, events);
    Map<String, Long> openByLevel = new LinkedHashMap<>();
    for (String level : List.of("critical", "high", "medium", "low", "informational")) {
      openByLevel.put(level, 0L);
    }
    for (Map<String, Object> a : alerts) {
      int i = bucket(a.get("time"), from, bucketMs);
      if (i >= 0) {
        series[i][2]++;
      }
      if (a.get("acknowledged_at") == null) {
        openByLevel.merge(String.valueOf(a.get("level")), 1L, Long::sum);
      }
    }
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < BUCKETS; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("from", from.plusMillis(i * bucketMs).toString());
      p.put("requests", series[i][0]);
      p.put("denied", series[i][1]);
      p.put("alerts", series[i][2]);
      points.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", from.toString());
    out.put("to", to.toString());
    out.put("bucket_seconds", bucketMs / 1000);
    out.put("series", points);
    out.put("requests", (long) access.size());
    out.put("requests_capped", access.size() >= MAX_EVENTS);
    out.put("locks", ctx.control().locks().list().stream().map(Views::lock).toList());
    out.put("open_alerts", openByLevel);
    out.put(
        "credentials_needing_action",
        ctx.control().audit().findings().stream().map(Views::finding).toList());
    c.respond(200, out);
  }

  private static int bucket(Object time, Instant from, long bucketMs) {
    if (time == null) {
      return -1;
    }
    try {
      long ms = Instant.parse(time.toString()).toEpochMilli() - from.toEpochMilli();
      int i = (int) (ms / Math.max(1, bucketMs));
      return ms < 0 ? -1 : Math.min(i, BUCKETS - 1);
    } catch (java.time.format.DateTimeParseException e) {
      return -1;
    }
  }
}
