package dev.drawbridge.admin.incident;

import java.util.List;
import java.util.Map;

/**
 * What the people-facing reports show, once for both renderings ({@link ReportMarkdown}, {@link
 * ReportHtml}): the summary row and each table's title, report key and columns.
 */
final class ReportLayout {
  private ReportLayout() {}

  /** One table of the report: rows from {@code report.get(key)}, these columns. */
  record Table(String title, String key, List<String> columns) {
    /** The rows as cell values, in column order. */
    List<List<Object>> rows(Map<String, Object> report) {
      return ReportValues.list(report.get(key)).stream()
          .map(m -> columns.stream().map(m::get).toList())
          .toList();
    }
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
        counts.get("bytes_out"));
  }

  static final List<Table> TABLES =
      List.of(
          new Table(
              "Credentials", "credentials", List.of("id", "first_used", "last_used", "requests")),
          new Table("Source addresses", "source_ips", List.of("ip", "count")),
          new Table("Applications", "apps", List.of("app", "allowed", "denied")),
          new Table("Resources", "resources", List.of("app", "resource", "view", "download")),
          new Table(
              "Denied attempts", "denied_attempts", List.of("app", "path", "reason", "count")),
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
            "time", "app", "method", "path", "decision", "reason", "action", "resource", "src_ip"));
  }
}
