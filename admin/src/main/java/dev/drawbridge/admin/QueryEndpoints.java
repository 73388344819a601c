package dev.drawbridge.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * The read-only endpoints: {@code credentials/audit}, {@code alerts}, {@code audit/events} and
 * {@code incidents}. Nothing here changes state, so nothing here is audited.
 */
final class QueryEndpoints {
  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 100_000;
  static final Duration DEFAULT_INCIDENT_WINDOW = Duration.ofDays(30);

  private final AdminContext ctx;

  QueryEndpoints(AdminContext ctx) {
    this.ctx = ctx;
  }

  void credentialsAudit(Call c) throws IOException {
    if (c.path.size() != 2 || !c.path.get(1).equals("audit") || !c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(Set.of());
    c.respond(200, ctx.control().audit().findings().stream().map(Views::finding).toList());
  }

  void alerts(Call c) throws IOException {
    if (c.path.size() != 1 || !c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(Set.of("since", "limit"));
    FieldErrors errors = new FieldErrors();
    Instant since = time(c, "since", errors);
    int limit = limit(c, errors);
    errors.throwIfAny();
    List<JsonNode> out = new ArrayList<>();
    for (String json : ctx.control().alerts().list(since, limit)) {
      try {
        out.add(Json.MAPPER.readTree(json));
      } catch (JsonProcessingException e) {
        // a stored alert that is not JSON is skipped rather than failing the whole list
      }
    }
    c.respond(200, out);
  }

  void auditEvents(Call c) throws IOException {
    if (c.path.size() != 2 || !c.path.get(1).equals("events") || !c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(Set.of("principal", "app", "decision", "since", "until", "limit"));
    FieldErrors errors = new FieldErrors();
    String decision = blankToNull(c.query.get("decision"));
    if (decision != null && !decision.equals("allow") && !decision.equals("deny")) {
      errors.add("decision", "\"" + AdminServer.shorten(decision) + "\" (expected: allow or deny)");
    }
    Instant since = time(c, "since", errors);
    Instant until = time(c, "until", errors);
    int limit = limit(c, errors);
    if (since != null && until != null && !since.isBefore(until)) {
      errors.add("until", until + " is not after since " + since + " (expected: a later time)");
    }
    errors.throwIfAny();
    AuditQuery q =
        new AuditQuery(
            blankToNull(c.query.get("principal")),
            blankToNull(c.query.get("app")),
            decision,
            since,
            until,
            limit);
    c.respond(200, ctx.eventQuery().apply(q));
  }

  void incidents(Call c) throws IOException {
    if (c.path.size() != 1 || !c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(Set.of("principal", "since", "until", "tz"));
    FieldErrors errors = new FieldErrors();
    String principal = blankToNull(c.query.get("principal"));
    if (principal == null) {
      errors.add("principal", "missing (expected: a user e-mail or token name)");
    }
    Instant since = time(c, "since", errors);
    Instant until = time(c, "until", errors);
    java.time.ZoneId zone = null;
    try {
      zone = dev.drawbridge.admin.incident.Humane.zone(c.query.get("tz"));
    } catch (IllegalArgumentException e) {
      errors.add("tz", e.getMessage().substring("tz: ".length()));
    }
    Instant to = until == null ? ctx.clock().instant() : until;
    Instant from = since == null ? to.minus(DEFAULT_INCIDENT_WINDOW) : since;
    if (!errors.has("since") && !errors.has("until") && !from.isBefore(to)) {
      errors.add("until", to + " is not after since " + from + " (expected: a later time)");
    }
    errors.throwIfAny();
    if (ctx.reporter() == null) {
      throw ApiException.unavailable(
          "not_available", "incident reports are not available on this server");
    }
    Map<String, Object> report =
        new LinkedHashMap<>(ctx.reporter().report(principal, from, to, zone));
    c.respond(200, report);
  }

  private Instant time(Call c, String name, FieldErrors errors) {
    String s = blankToNull(c.query.get(name));
    if (s == null) {
      return null;
    }
    try {
      return Times.parse(s, ctx.clock());
    } catch (IllegalArgumentException e) {
      errors.add(name, e.getMessage());
      return null;
    }
  }

  private static int limit(Call c, FieldErrors errors) {
    String s = blankToNull(c.query.get("limit"));
    if (s == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add("limit", "\"" + AdminServer.shorten(s) + "\" (expected: 1 to " + MAX_LIMIT + ")");
    return DEFAULT_LIMIT;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
