package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.map;
import static dev.drawbridge.admin.incident.ReportValues.num;
import static dev.drawbridge.admin.incident.ReportValues.str;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Renders an incident report as one self-contained HTML page: the headline first (figures and
 * sentences), the next steps with their commands, the credential, an inline SVG timeline, then the
 * detail tables.
 */
final class ReportHtml {
  private ReportHtml() {}

  private static final String CSS =
      "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;padding:1.5em;max-width:1100px;"
          + "color:#1f2328}h1{font-size:1.6em;margin:0 0 .2em}h2{margin-top:1.6em;"
          + "border-bottom:1px solid #d0d7de;padding-bottom:.2em}.meta{color:#57606a}"
          + ".figures{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}"
          + ".fig{flex:1 1 160px;border:1px solid #d0d7de;border-radius:8px;padding:.6em .9em}"
          + ".fig b{display:block;font-size:1.5em}.fig.bad{border-color:#cf222e;background:#fff5f5}"
          + ".fig.good{border-color:#1a7f37;background:#f4fbf5}"
          + "ul.headline li{margin:.25em 0}ol.steps li{margin:.6em 0}"
          + "code{background:#f6f8fa;border:1px solid #d0d7de;border-radius:4px;padding:1px 5px;"
          + "font-size:.92em;word-break:break-all}"
          + ".scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0 1em}"
          + "td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}"
          + "th{background:#f6f8fa}.deny{color:#cf222e}.allow{color:#1a7f37}"
          + "svg.timeline{max-width:100%;height:auto}";

  static String render(Map<String, Object> r) {
    StringBuilder b = new StringBuilder();
    String principal = String.valueOf(str(r, "principal"));
    Map<String, Object> w = map(r.get("window"));
    Map<String, Object> c = map(r.get("counts"));
    Map<String, Object> h = map(r.get("headline"));
    ZoneId zone = ReportLayout.zone(r);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    b.append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
    b.append("<title>Incident report: ").append(esc(principal)).append("</title>\n<style>");
    b.append(CSS).append("</style></head><body><main>\n");
    b.append("<h1>Incident report: ").append(esc(principal)).append("</h1>\n");
    b.append("<p class=\"meta\">Window: ")
        .append(esc(Humane.time(ReportValues.time(w, "from"), zone)))
        .append(" to ")
        .append(esc(Humane.time(ReportValues.time(w, "to"), zone)));
    Instant alert = IncidentReport.firstAlertTime(r);
    Instant lock = IncidentReport.lockTime(r);
    b.append("<br>First alert: ").append(alert == null ? "none" : esc(Humane.time(alert, zone)));
    b.append(" &middot; Lock took effect: ")
        .append(lock == null ? "none" : esc(Humane.time(lock, zone)));
    b.append("</p>\n");
    figures(b, h, c);
    b.append("<h2>Headline</h2>\n<ul class=\"headline\">");
    for (Object s : ReportValues.objects(h.get("sentences"))) {
      b.append("<li>").append(esc(String.valueOf(s))).append("</li>");
    }
    b.append("</ul>\n");
    List<Map<String, Object>> steps = ReportValues.list(r.get("next_steps"));
    if (!steps.isEmpty()) {
      b.append("<h2>Next steps</h2>\n<ol class=\"steps\">");
      for (Map<String, Object> s : steps) {
        b.append("<li><strong>").append(esc(str(s, "title"))).append("</strong>. ");
        b.append(esc(str(s, "detail"))).append("<br><code>").append(esc(str(s, "command")));
        b.append("</code>");
        if (str(s, "alternative") != null) {
          b.append(" or <code>").append(esc(str(s, "alternative"))).append("</code>");
        }
        b.append("</li>");
      }
      b.append("</ol>\n");
    }
    section(b, r, ReportLayout.LEFT);
    section(b, r, ReportLayout.CHANGED);
    section(b, r, ReportLayout.DENIED);
    for (Map<String, Object> cred : ReportValues.list(r.get("credential_context"))) {
      b.append("<h2>The credential</h2>\n");
      table(b, List.of("field", "value"), ReportLayout.credential(cred, zone));
    }
    b.append("<h2>Timeline</h2>\n<div class=\"scroll\">");
    b.append(TimelineSvg.render(r));
    b.append("</div><p><span class=\"allow\">&#9679; allowed</span> &nbsp; ");
    b.append("<span style=\"color:#0550ae\">&#9670; downloaded</span> &nbsp; ");
    b.append("<span class=\"deny\">&#10005; denied</span> &nbsp; ");
    b.append("<span style=\"color:#bc4c00\">&#9660; alert</span> &nbsp; ");
    b.append("<span class=\"deny\">- - lock took effect</span></p>\n");
    b.append("<h2>Summary</h2>\n");
    table(b, ReportLayout.SUMMARY_HEADER, List.of(ReportLayout.summaryRow(c)));
    for (ReportLayout.Table t : ReportLayout.TABLES) {
      section(b, r, t);
    }
    section(b, r, ReportLayout.timeline("Requests"));
    b.append("</main></body></html>\n");
    return b.toString();
  }

  private static void figures(StringBuilder b, Map<String, Object> h, Map<String, Object> c) {
    Map<String, Object> denied = map(h.get("denied"));
    long left = num(h, "left_resources");
    int changed = ReportValues.list(h.get("changed")).size();
    b.append("<div class=\"figures\">");
    fig(b, left > 0, "Downloaded", left + " (" + Humane.bytes(num(h, "left_bytes")) + ")");
    fig(b, changed > 0, "Changed", String.valueOf(changed));
    fig(b, false, "Denied", num(denied, "count") + " of " + num(c, "requests"));
    Object td = h.get("time_to_detect_seconds");
    Object tc = h.get("time_to_contain_seconds");
    fig(b, td == null, "Time to detect", seconds(td));
    fig(b, tc == null, "Time to contain", seconds(tc));
    b.append("</div>\n");
  }

  private static String seconds(Object v) {
    if (v instanceof Number n && n.doubleValue() < 1) {
      return "under 1 second";
    }
    return v instanceof Number n
        ? Humane.duration(java.time.Duration.ofMillis(Math.round(n.doubleValue() * 1000)))
        : "never";
  }

  private static void fig(StringBuilder b, boolean bad, String label, String value) {
    b.append("<div class=\"fig ").append(bad ? "bad" : "good").append("\">");
    b.append(esc(label)).append("<b>").append(esc(value)).append("</b></div>");
  }

  private static void section(StringBuilder b, Map<String, Object> r, ReportLayout.Table t) {
    b.append("<h2>").append(esc(t.title())).append("</h2>\n");
    List<List<Object>> rows = t.rows(r);
    if (rows.isEmpty()) {
      b.append("<p>None.</p>\n");
      return;
    }
    table(b, t.headers(), rows);
  }

  private static void table(StringBuilder b, List<String> header, List<List<Object>> rows) {
    b.append("<div class=\"scroll\"><table><tr>");
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
    b.append("</table></div>\n");
  }

  private static String esc(String s) {
    return s == null ? "-" : ReportValues.escapeHtml(s);
  }
}
