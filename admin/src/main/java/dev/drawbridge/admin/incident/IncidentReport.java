package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.num;
import static dev.drawbridge.admin.incident.ReportValues.str;
import static dev.drawbridge.admin.incident.ReportValues.time;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The incident report of SPEC §7: {@link #compute} builds its JSON object from audit access events
 * (SPEC §5 fields), alerts (SPEC §6) and locks; {@link #json}, {@link #markdown} and {@link #html}
 * render it. Pure: no I/O, no clock.
 */
public final class IncidentReport {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * Audit events of what identity lifecycle signals did (SPEC §10): back-channel logout and shared
   * signals ({@code identity_signal}), SCIM provisioning ({@code scim}).
   */
  static final Set<String> SIGNAL_EVENTS = Set.of("identity_signal", "scim");

  static final Set<String> LOCK_TIME_FIELDS = Set.of("created_at", "locked_at", "time", "since");

  private IncidentReport() {}

  /**
   * The report for {@code principal} over {@code [from, to]} (either may be null: unbounded; the
   * window then shows the first and last event). Events of other principals, other event types or
   * outside the window are ignored; alerts and locks are kept when they name the principal.
   */
  public static Map<String, Object> compute(
      List<Map<String, Object>> accessEvents,
      List<Map<String, Object>> alerts,
      List<Map<String, Object>> locks,
      String principal,
      Instant from,
      Instant to) {
    return compute(accessEvents, alerts, locks, principal, from, to, List.of(), ZoneOffset.UTC);
  }

  /**
   * As {@link #compute(List, List, List, String, Instant, Instant)}, with the headline, the
   * credential's context and the next steps worded in {@code zone}. {@code accessEvents} may hold
   * the principal's events before {@code from}: they are the credential's history (its networks and
   * last use before this activity), not part of the window. {@code tokens}: the facts ({@link
   * CredentialContext#facts}) of the principal's credentials.
   */
  public static Map<String, Object> compute(
      List<Map<String, Object>> accessEvents,
      List<Map<String, Object>> alerts,
      List<Map<String, Object>> locks,
      String principal,
      Instant from,
      Instant to,
      List<Map<String, Object>> tokens,
      ZoneId zone) {
    List<Map<String, Object>> events = new ArrayList<>();
    List<Map<String, Object>> signals = new ArrayList<>();
    List<Map<String, Object>> history = new ArrayList<>();
    for (Map<String, Object> e : accessEvents) {
      Object type = e.get("event");
      Instant t = time(e, "time");
      if (SIGNAL_EVENTS.contains(type)
          && principal.equals(str(e, "principal"))
          && t != null
          && (from == null || !t.isBefore(from))
          && (to == null || !t.isAfter(to))) {
        signals.add(
            row(
                "time", str(e, "time"),
                "event", type,
                "signal", str(e, "signal"),
                "issuer", str(e, "issuer"),
                "reason", str(e, "reason"),
                "outcome", str(e, "outcome")));
      }
      if ((type == null || "access".equals(type))
          && principal.equals(str(e, "principal"))
          && t != null
          && (to == null || !t.isAfter(to))) {
        if (from == null || !t.isBefore(from)) {
          events.add(e);
        } else {
          history.add(e);
        }
      }
    }
    Comparator<Map<String, Object>> order =
        Comparator.comparing((Map<String, Object> e) -> time(e, "time"))
            .thenComparingLong(e -> num(e, "seq"));
    events.sort(order);
    history.sort(order);
    Map<String, Object> credentials = new LinkedHashMap<>();
    Map<String, Long> ips = new LinkedHashMap<>();
    Map<String, long[]> apps = new TreeMap<>();
    Map<List<String>, long[]> resources = new LinkedHashMap<>();
    Map<List<String>, Long> denied = new LinkedHashMap<>();
    Set<List<String>> viewed = new LinkedHashSet<>();
    Set<List<String>> downloaded = new LinkedHashSet<>();
    long allowed = 0;
    long bytes = 0;
    for (Map<String, Object> e : events) {
      String app = String.valueOf(str(e, "app"));
      boolean allow = "allow".equals(str(e, "decision"));
      allowed += allow ? 1 : 0;
      bytes += num(e, "bytes_out");
      credential(credentials, e);
      if (str(e, "src_ip") != null) {
        ips.merge(str(e, "src_ip"), 1L, Long::sum);
      }
      apps.computeIfAbsent(app, a -> new long[2])[allow ? 0 : 1]++;
      String resource = str(e, "resource");
      String action = str(e, "action");
      if (allow && resource != null) {
        List<String> key = List.of(app, resource);
        long[] c = resources.computeIfAbsent(key, k -> new long[2]);
        if ("view".equals(action)) {
          c[0]++;
          viewed.add(key);
        } else if ("download".equals(action)) {
          c[1]++;
          downloaded.add(key);
        }
      }
      if (!allow) {
        denied.merge(
            List.of(app, String.valueOf(str(e, "path")), String.valueOf(str(e, "reason"))),
            1L,
            Long::sum);
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("principal", principal);
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("from", text(from != null ? from : events.isEmpty() ? null : first(events)));
    window.put("to", text(to != null ? to : events.isEmpty() ? null : last(events)));
    report.put("window", window);
    report.put("credentials", new ArrayList<>(credentials.values()));
    report.put("source_ips", sourceIps(ips));
    List<Map<String, Object>> appList = new ArrayList<>();
    apps.forEach((app, c) -> appList.add(row("app", app, "allowed", c[0], "denied", c[1])));
    report.put("apps", appList);
    List<Map<String, Object>> resList = new ArrayList<>();
    resources.forEach(
        (k, c) ->
            resList.add(
                row("app", k.get(0), "resource", k.get(1), "view", c[0], "download", c[1])));
    report.put("resources", resList);
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("requests", (long) events.size());
    counts.put("allowed", allowed);
    counts.put("denied", events.size() - allowed);
    counts.put("resources_viewed", (long) viewed.size());
    counts.put("resources_downloaded", (long) downloaded.size());
    counts.put("bytes_out", bytes);
    report.put("counts", counts);
    report.put("denied_attempts", deniedAttempts(denied));
    report.put("alerts", forPrincipal(alerts, principal, "time"));
    report.put("locks", forPrincipal(locks, principal, null));
    report.put("timeline", events);
    signals.sort(Comparator.comparing(m -> String.valueOf(m.get("time"))));
    report.put("identity_signals", signals);
    resList.sort(
        Comparator.comparingLong((Map<String, Object> m) -> num(m, "download") > 0 ? 0 : 1));
    Instant lock = lockTime(report);
    report.put("zone", zone.getId());
    report.put("lock_time", text(lock));
    report.put("first_alert_time", text(firstAlertTime(report)));
    Map<String, Object> headline =
        Headline.compute(events, ReportValues.list(report.get("alerts")), lock, zone);
    report.put("headline", headline);
    List<Map<String, Object>> context = CredentialContext.compute(events, history, tokens);
    report.put("credential_context", context);
    report.put(
        "next_steps",
        NextSteps.compute(
            principal, window, context, ReportValues.list(report.get("locks")), headline, zone));
    return report;
  }

  private static void credential(Map<String, Object> credentials, Map<String, Object> e) {
    String id = str(e, "credential_id");
    if (id == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> c =
        (Map<String, Object>)
            credentials.computeIfAbsent(
                id, k -> row("id", k, "first_used", str(e, "time"), "requests", 0L));
    c.put("last_used", str(e, "time"));
    c.put("requests", (Long) c.get("requests") + 1);
  }

  private static List<Map<String, Object>> sourceIps(Map<String, Long> ips) {
    List<Map<String, Object>> out = new ArrayList<>();
    ips.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(en -> out.add(row("ip", en.getKey(), "count", en.getValue())));
    return out;
  }

  private static List<Map<String, Object>> deniedAttempts(Map<List<String>, Long> denied) {
    List<Map<String, Object>> out = new ArrayList<>();
    denied.entrySet().stream()
        .sorted(
            Map.Entry.<List<String>, Long>comparingByValue()
                .reversed()
                .thenComparing(en -> String.join("\0", en.getKey())))
        .forEach(
            en ->
                out.add(
                    row(
                        "app", en.getKey().get(0),
                        "path", en.getKey().get(1),
                        "reason", en.getKey().get(2),
                        "count", en.getValue())));
    return out;
  }

  private static List<Map<String, Object>> forPrincipal(
      List<Map<String, Object>> items, String principal, String timeKey) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : items == null ? List.<Map<String, Object>>of() : items) {
      if (principal.equals(str(m, "principal"))) {
        out.add(m);
      }
    }
    if (timeKey != null) {
      out.sort(Comparator.comparing(m -> String.valueOf(str(m, timeKey))));
    }
    return out;
  }

  /**
   * The moment the lock took effect, one time for every part of the report: {@code lock_time} when
   * the report has it, else the earliest time of a lock record, else of an alert whose response
   * locked; null if none.
   */
  public static Instant lockTime(Map<String, Object> report) {
    if (report.containsKey("lock_time")) {
      return time(report, "lock_time");
    }
    Instant best = null;
    for (Map<String, Object> l : ReportValues.list(report.get("locks"))) {
      for (String f : LOCK_TIME_FIELDS) {
        best = min(best, time(l, f));
      }
    }
    if (best != null) {
      return best;
    }
    for (Map<String, Object> a : ReportValues.list(report.get("alerts"))) {
      Object response = a.get("response");
      if (response != null && response.toString().contains("lock")) {
        best = min(best, time(a, "time"));
      }
    }
    return best;
  }

  /** The time of the first alert about the principal; null if none. */
  public static Instant firstAlertTime(Map<String, Object> report) {
    Instant best = null;
    for (Map<String, Object> a : ReportValues.list(report.get("alerts"))) {
      best = min(best, time(a, "time"));
    }
    return best;
  }

  public static String json(Map<String, Object> report) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("report is not serializable as JSON: " + e.getMessage());
    }
  }

  public static String markdown(Map<String, Object> report) {
    return ReportMarkdown.render(report);
  }

  /** A self-contained HTML page with an inline SVG timeline. */
  public static String html(Map<String, Object> report) {
    return ReportHtml.render(report);
  }

  /** Renders {@code format}: json, md or html. */
  public static String render(Map<String, Object> report, String format) {
    return switch (format) {
      case "json" -> json(report);
      case "md" -> markdown(report);
      case "html" -> html(report);
      default ->
          throw new IllegalArgumentException("format: " + format + " (expected: json, md or html)");
    };
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant first(List<Map<String, Object>> events) {
    return time(events.get(0), "time");
  }

  private static Instant last(List<Map<String, Object>> events) {
    return time(events.get(events.size() - 1), "time");
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
