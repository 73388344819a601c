package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.map;
import static dev.drawbridge.admin.incident.ReportValues.str;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Renders an incident report as one self-contained HTML page with an inline SVG timeline. */
final class ReportHtml {
  private ReportHtml() {}

  static String render(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    String principal = String.valueOf(str(r, "principal"));
    Map<String, Object> w = map(r.get("window"));
    Map<String, Object> c = map(r.get("counts"));
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    b.append("<title>Incident report: ").append(esc(principal)).append("</title>\n<style>");
    b.append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}");
    b.append("table{border-collapse:collapse;margin:.5em 0 1.5em}");
    b.append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}");
    b.append("th{background:#f3f3f3}.deny{color:#c62828}.allow{color:#2e7d32}");
    b.append("</style></head><body>\n");
    b.append("<h1>Incident report: ").append(esc(principal)).append("</h1>\n");
    b.append("<p>Window: ").append(esc(str(w, "from"))).append(" to ").append(esc(str(w, "to")));
    Instant alert = IncidentReport.firstAlertTime(r);
    Instant lock = IncidentReport.lockTime(r);
    b.append("<br>First alert: ").append(alert == null ? "none" : esc(alert.toString()));
    b.append("<br>Lock landed: ").append(lock == null ? "none" : esc(lock.toString()));
    b.append("</p>\n<h2>Timeline</h2>\n");
    b.append(TimelineSvg.render(r));
    b.append("<p><span class=\"allow\">&#9679; allowed</span> &nbsp; ");
    b.append("<span class=\"deny\">&#10005; denied</span> &nbsp; ");
    b.append("<span style=\"color:#ef6c00\">&#9660; alert</span> &nbsp; ");
    b.append("<span class=\"deny\">- - lock</span></p>\n");
    b.append("<h2>Summary</h2>\n");
    table(b, ReportLayout.SUMMARY_HEADER, List.of(ReportLayout.summaryRow(c)));
    for (ReportLayout.Table t : ReportLayout.TABLES) {
      section(b, r, t);
    }
    section(b, r, ReportLayout.timeline("Requests"));
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void section(StringBuilder b, Map<String, Object> r, ReportLayout.Table t) {
    b.append("<h2>").append(esc(t.title())).append("</h2>\n");
    List<List<Object>> rows = t.rows(r);
    if (rows.isEmpty()) {
      b.append("<p>None.</p>\n");
      return;
    }
    table(b, t.columns(), rows);
  }

  private static void table(StringBuilder b, List<String> header, List<List<Object>> rows) {
    b.append("<table><tr>");
    header.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
    b.append("</tr>\n");
    for (List<Object> row : rows) {
      b.append("<tr>");
      for (Object v : row) {
        String text = v == null ? "" : v.toString();
        String cls =
            text.equals("deny")
                ? " class=\"deny\""
                : text.equals("allow") ? " class=\"allow\"" : "";
        b.append("<td").append(cls).append('>').append(esc(text)).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
  }

  private static String esc(String s) {
    return s == null ? "-" : ReportValues.escapeHtml(s);
  }
}
