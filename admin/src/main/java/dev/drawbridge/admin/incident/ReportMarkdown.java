package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.list;
import static dev.drawbridge.admin.incident.ReportValues.map;
import static dev.drawbridge.admin.incident.ReportValues.str;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Renders an incident report (SPEC §7 JSON object) as Markdown for people. */
final class ReportMarkdown {
  private ReportMarkdown() {}

  static String render(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> w = map(r.get("window"));
    Map<String, Object> c = map(r.get("counts"));
    b.append("# Incident report: ").append(cell(str(r, "principal"))).append("\n\n");
    b.append("Window: ").append(orDash(str(w, "from"))).append(" to ").append(orDash(str(w, "to")));
    b.append("\n\n");
    Instant alert = IncidentReport.firstAlertTime(r);
    Instant lock = IncidentReport.lockTime(r);
    b.append("- First alert: ").append(alert == null ? "none" : alert).append('\n');
    b.append("- Lock landed: ").append(lock == null ? "none" : lock).append("\n\n");
    b.append("## Summary\n\n");
    table(
        b,
        List.of(
            "requests",
            "allowed",
            "denied",
            "resources viewed",
            "resources downloaded",
            "bytes out"),
        List.of(
            List.of(
                c.get("requests"),
                c.get("allowed"),
                c.get("denied"),
                c.get("resources_viewed"),
                c.get("resources_downloaded"),
                c.get("bytes_out"))));
    section(b, "Credentials", r, List.of("id", "first_used", "last_used", "requests"));
    section(b, "Source addresses", r, "source_ips", List.of("ip", "count"));
    section(b, "Applications", r, "apps", List.of("app", "allowed", "denied"));
    section(b, "Resources", r, List.of("app", "resource", "view", "download"));
    section(b, "Denied attempts", r, "denied_attempts", List.of("app", "path", "reason", "count"));
    section(b, "Alerts", r, List.of("time", "rule_id", "title", "level", "count", "response"));
    section(b, "Locks", r, List.of("principal", "reason", "created_at", "expires_at"));
    section(
        b,
        "Timeline",
        r,
        List.of(
            "time", "app", "method", "path", "decision", "reason", "action", "resource", "src_ip"));
    return b.toString();
  }

  private static void section(
      StringBuilder b, String title, Map<String, Object> r, List<String> cols) {
    section(b, title, r, title.toLowerCase(java.util.Locale.ROOT), cols);
  }

  private static void section(
      StringBuilder b, String title, Map<String, Object> r, String key, List<String> cols) {
    b.append("\n## ").append(title).append("\n\n");
    List<Map<String, Object>> rows = list(r.get(key));
    if (rows.isEmpty()) {
      b.append("None.\n");
      return;
    }
    table(b, cols, rows.stream().map(m -> cols.stream().map(m::get).toList()).toList());
  }

  private static void table(StringBuilder b, List<String> header, List<List<Object>> rows) {
    b.append('|');
    header.forEach(h -> b.append(' ').append(cell(h)).append(" |"));
    b.append("\n|");
    header.forEach(h -> b.append("---|"));
    b.append('\n');
    for (List<Object> row : rows) {
      b.append('|');
      row.forEach(v -> b.append(' ').append(cell(v == null ? "" : v.toString())).append(" |"));
      b.append('\n');
    }
  }

  /** Escapes what would break a table cell or inject markup. */
  static String cell(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", " ")
        .replace("\n", " ");
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
