package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.map;
import static dev.drawbridge.admin.incident.ReportValues.str;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Renders an incident report (SPEC §7 JSON object) as Markdown for people. */
final class ReportMarkdown {
  private ReportMarkdown() {}

  static String render(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> w = map(r.get("window"));
    Map<String, Object> c = map(r.get("counts"));
    Map<String, Object> h = map(r.get("headline"));
    ZoneId zone = ReportLayout.zone(r);
    b.append("# Incident report: ").append(cell(str(r, "principal"))).append("\n\n");
    b.append("Window: ")
        .append(Humane.time(ReportValues.time(w, "from"), zone))
        .append(" to ")
        .append(Humane.time(ReportValues.time(w, "to"), zone));
    b.append("\n\n");
    Instant alert = IncidentReport.firstAlertTime(r);
    Instant lock = IncidentReport.lockTime(r);
    b.append("- First alert: ").append(alert == null ? "none" : Humane.time(alert, zone));
    b.append('\n');
    b.append("- Lock took effect: ").append(lock == null ? "none" : Humane.time(lock, zone));
    b.append("\n\n");
    b.append("## Headline\n\n");
    for (Object sentence : ReportValues.objects(h.get("sentences"))) {
      b.append("- ").append(cell(String.valueOf(sentence))).append('\n');
    }
    List<Map<String, Object>> steps = ReportValues.list(r.get("next_steps"));
    if (!steps.isEmpty()) {
      b.append("\n## Next steps\n\n");
      int i = 1;
      for (Map<String, Object> s : steps) {
        b.append(i++).append(". **").append(cell(str(s, "title"))).append("**: ");
        b.append(cell(str(s, "detail"))).append("\n\n   `").append(str(s, "command"));
        b.append("`\n\n");
        if (str(s, "alternative") != null) {
          b.append("   or: `").append(str(s, "alternative")).append("`\n\n");
        }
      }
    }
    section(b, r, ReportLayout.LEFT);
    section(b, r, ReportLayout.CHANGED);
    section(b, r, ReportLayout.DENIED);
    for (Map<String, Object> cred : ReportValues.list(r.get("credential_context"))) {
      b.append("\n## The credential\n\n");
      table(b, List.of("field", "value"), ReportLayout.credential(cred, zone));
    }
    b.append("\n## Summary\n\n");
    table(b, ReportLayout.SUMMARY_HEADER, List.of(ReportLayout.summaryRow(c)));
    for (ReportLayout.Table t : ReportLayout.TABLES) {
      section(b, r, t);
    }
    section(b, r, ReportLayout.timeline("Timeline"));
    return b.toString();
  }

  private static void section(StringBuilder b, Map<String, Object> r, ReportLayout.Table t) {
    b.append("\n## ").append(t.title()).append("\n\n");
    List<List<Object>> rows = t.rows(r);
    if (rows.isEmpty()) {
      b.append("None.\n");
      return;
    }
    table(b, t.headers(), rows);
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
