package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.list;
import static dev.drawbridge.admin.incident.ReportValues.map;
import static dev.drawbridge.admin.incident.ReportValues.num;
import static dev.drawbridge.admin.incident.ReportValues.str;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the people-facing reports show, once for both renderings ({@link ReportMarkdown}, {@link
 * ReportHtml}): the summary row, each table's title, report key and columns, and how a cell reads
 * (times in the report's zone, sizes in kB/MB).
 */
final class ReportLayout {
  private ReportLayout() {}

  static final Set<String> TIME_COLUMNS =
      Set.of(
          "time",
          "first_used",
          "last_used",
          "first_time",
          "created_at",
          "expires_at",
          "last_seen",
          "last_use_before",
          "last_rotated_at");
  static final Set<String> BYTE_COLUMNS = Set.of("bytes", "bytes_out");

  /** One table of the report: rows from {@code report.get(key)} (dotted: nested), these columns. */
  record Table(String title, String key, List<String> columns, List<String> headers) {
    Table(String title, String key, List<String> columns) {
      this(title, key, columns, columns.stream().map(c -> c.replace('_', ' ')).toList());
    }

    /** The rows as readable cell values, in column order. */
    List<List<Object>> rows(Map<String, Object> report) {
      Object v = report;
      for (String k : key.split("\\.")) {
        v = map(v).get(k);
      }
      ZoneId zone = zone(report);
      return list(v).stream()
          .map(m -> columns.stream().map(c -> cell(c, m.get(c), zone)).toList())
          .toList();
    }
  }

  static ZoneId zone(Map<String, Object> report) {
    try {
      return Humane.zone(str(report, "zone"));
    } catch (IllegalArgumentException e) {
      return Humane.zone(null);
    }
  }

  /** A cell as people read it: times in {@code zone}, byte counts in kB/MB. */
  static Object cell(String column, Object v, ZoneId zone) {
    if (v == null) {
      return null;
    }
    if (TIME_COLUMNS.contains(column)) {
      var t = ReportValues.time(v);
      return t == null ? v : Humane.time(t, zone);
    }
    if (BYTE_COLUMNS.contains(column) && v instanceof Number n) {
      return Humane.bytes(n.longValue());
    }
    return v;
  }

  static final List<String> SUMMARY_HEADER =
      List.of(
          "requests", "allowed", "denied", "resources viewed", "resources downloaded", "bytes out");

  /** The summary's one row, from {@code counts}. */
  static List<Object> summaryRow(Map<String, Object> counts) {
    return List.of(
        counts.get("requests"),
        counts.get("allowed"),
        counts.get("denied"),
        counts.get("resources_viewed"),
        counts.get("resources_downloaded"),
        Humane.bytes(num(counts, "bytes_out")));
  }

  static final Table LEFT =
      new Table(
          "What left: resources downloaded",
          "headline.left",
          List.of("app", "resource", "downloads", "bytes", "first_time"),
          List.of("app", "resource", "downloads", "size", "first download"));
  static final Table CHANGED =
      new Table(
          "What changed: write and admin requests that succeeded",
          "headline.changed",
          List.of("time", "app", "method", "path", "status", "resource"));
  static final Table DENIED =
      new Table(
          "What was attempted and denied",
          "denied_attempts",
          List.of("app", "path", "reason", "count"));

  static final List<Table> TABLES =
      List.of(
          new Table(
              "Credentials", "credentials", List.of("id", "first_used", "last_used", "requests")),
          new Table("Source addresses", "source_ips", List.of("ip", "count")),
          new Table("Applications", "apps", List.of("app", "allowed", "denied")),
          new Table(
              "Resources (downloaded first)",
              "resources",
              List.of("app", "resource", "view", "download")),
          new Table(
              "Alerts",
              "alerts",
              List.of("time", "rule_id", "title", "level", "count", "response")),
          new Table("Locks", "locks", List.of("principal", "reason", "created_at", "expires_at")),
          new Table(
              "Identity signals",
              "identity_signals",
              List.of("time", "event", "signal", "issuer", "reason", "outcome")));

  /** The access events, oldest first; each rendering titles it its own way. */
  static Table timeline(String title) {
    return new Table(
        title,
        "timeline",
        List.of(
            "time",
            "app",
            "method",
            "path",
            "decision",
            "reason",
            "action",
            "resource",
            "status",
            "bytes_out",
            "src_ip"));
  }

  /** One credential's context as (field, value) rows. */
  static List<List<Object>> credential(Map<String, Object> c, ZoneId zone) {
    List<List<Object>> rows = new ArrayList<>();
    add(rows, "name", str(c, "name") == null ? "(unknown: " + str(c, "id") + ")" : str(c, "name"));
    add(rows, "id", str(c, "id"));
    add(rows, "status", str(c, "status"));
    Map<String, Object> labels = map(c.get("labels"));
    add(
        rows,
        "labels",
        labels.isEmpty()
            ? "none"
            : labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")));
    add(rows, "owner", str(c, "owner") == null ? "none" : str(c, "owner"));
    add(rows, "created", cell("created_at", c.get("created_at"), zone));
    add(rows, "last rotated", cell("last_rotated_at", c.get("last_rotated_at"), zone));
    add(
        rows,
        "expires",
        c.get("expires_at") == null && c.containsKey("expires_at")
            ? "never"
            : cell("expires_at", c.get("expires_at"), zone));
    add(
        rows,
        "idle before this activity",
        c.get("idle_days_before") == null
            ? "unknown"
            : Humane.plural(num(c, "idle_days_before"), "day"));
    add(rows, "last use before", cell("last_use_before", c.get("last_use_before"), zone));
    add(rows, "networks before", networks(list(c.get("networks_before")), zone));
    add(rows, "networks during", networks(list(c.get("networks_during")), zone));
    return rows;
  }

  private static String networks(List<Map<String, Object>> nets, ZoneId zone) {
    if (nets.isEmpty()) {
      return "none seen";
    }
    return nets.stream()
        .map(
            n ->
                str(n, "network")
                    + " ("
                    + Humane.plural(num(n, "count"), "request")
                    + (Boolean.TRUE.equals(n.get("new")) ? ", new" : "")
                    + ", last "
                    + cell("last_seen", n.get("last_seen"), zone)
                    + ")")
        .collect(Collectors.joining("; "));
  }

  private static void add(List<List<Object>> rows, String k, Object v) {
    rows.add(List.of(k, v == null ? "-" : v));
  }
}
