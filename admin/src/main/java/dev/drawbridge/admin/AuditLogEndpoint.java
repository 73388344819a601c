package dev.drawbridge.admin;

import dev.drawbridge.audit.AuditQuery;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET audit/log?principal=&app=&decision=&event=&since=&until=&after=&limit=}: every event
 * type of the audit log (access events from the index, the others from {@link AdminEvents}), oldest
 * first, one page at a time: {@code {events, next}} where {@code next} holds the {@code since} and
 * {@code after} (seq) of the following page, or null on the last page.
 */
final class AuditLogEndpoint {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private final AdminContext ctx;
  private final AdminEvents events;

  AuditLogEndpoint(AdminContext ctx, AdminEvents events) {
    this.ctx = ctx;
    this.events = events;
  }

  void handle(Call c) throws IOException {
    if (!c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(
        Set.of("principal", "app", "decision", "event", "since", "until", "after", "limit"));
    FieldErrors errors = new FieldErrors();
    String principal = text(c, "principal");
    String app = text(c, "app");
    String decision = text(c, "decision");
    String event = text(c, "event");
    if (decision != null && !decision.matches("allow|deny")) {
      errors.add("decision", "\"" + AdminServer.shorten(decision) + "\" (expected: allow or deny)");
    }
    Instant since = time(c, "since", errors);
    Instant until = time(c, "until", errors);
    long after = number(c, "after", 0, Long.MAX_VALUE, 0, errors);
    int limit = (int) number(c, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, errors);
    errors.throwIfAny();
    List<Map<String, Object>> out = new ArrayList<>();
    boolean accessOnly = decision != null || app != null;
    if (event == null || event.equals("access")) {
      // the page plus what shares the cursor's time (skipped by seq below), plus one to see a next
      for (Map<String, Object> e :
          ctx.eventQuery()
              .apply(new AuditQuery(principal, app, decision, since, until, limit + 1 + 500))) {
        if (seq(e) > after || after == 0) {
          out.add(e);
        }
      }
    }
    if (!accessOnly && (event == null || !event.equals("access"))) {
      for (Map<String, Object> e : events.all()) {
        Instant t = instant(e.get("time"));
        if ((event == null || event.equals(e.get("event")))
            && (principal == null || principal.equalsIgnoreCase(String.valueOf(e.get("principal"))))
            && (since == null || (t != null && !t.isBefore(since)))
            && (until == null || (t != null && t.isBefore(until)))
            && (after == 0 || seq(e) > after)) {
          out.add(e);
        }
      }
    }
    out.sort(
        Comparator.comparing((Map<String, Object> e) -> String.valueOf(e.get("time")))
            .thenComparingLong(AuditLogEndpoint::seq));
    Map<String, Object> page = new LinkedHashMap<>();
    Map<String, Object> next = null;
    if (out.size() > limit) {
      out = new ArrayList<>(out.subList(0, limit));
      Map<String, Object> last = out.get(out.size() - 1);
      next = new LinkedHashMap<>();
      next.put("since", last.get("time"));
      next.put("after", seq(last));
    }
    page.put("events", out);
    page.put("next", next);
    c.respond(200, page);
  }

  private static long seq(Map<String, Object> e) {
    return e.get("seq") instanceof Number n ? n.longValue() : 0;
  }

  private static Instant instant(Object t) {
    try {
      return t == null ? null : Instant.parse(t.toString());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String text(Call c, String name) {
    String s = c.query.get(name);
    return s == null || s.isBlank() ? null : s.trim();
  }

  private Instant time(Call c, String name, FieldErrors errors) {
    String s = text(c, name);
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

  private static long number(
      Call c, String name, long min, long max, long dflt, FieldErrors errors) {
    String s = text(c, name);
    if (s == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(s);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    errors.add(name, "\"" + AdminServer.shorten(s) + "\" (expected: " + min + " to " + max + ")");
    return dflt;
  }
}
