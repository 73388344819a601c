package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SPEC §7 incident report as one self-contained HTML page: the same sections as the Markdown
 * report, with an SVG timeline (one mark per access event, allowed green, denied red).
 */
final class IncidentHtml {
  private IncidentHtml() {}

  static String render(JsonNode r) {
    StringBuilder b = new StringBuilder();
    String principal = esc(Output.text(r, "principal"));
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Incident report: ")
        .append(principal)
        .append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin-bottom:1.5em}")
        .append("td,th{border:1px solid #ccc;padding:.25em .5em;font-size:.9em;text-align:left}")
        .append("th{background:#f3f3f3}.deny{color:#b00020}.allow{color:#1b7f3b}")
        .append("</style></head><body>\n");
    b.append("<h1>Incident report: ").append(principal).append("</h1>\n");
    JsonNode w = r.path("window");
    b.append("<p>Window: ")
        .append(esc(Output.text(w, "from")))
        .append(" to ")
        .append(esc(Output.text(w, "to")))
        .append("</p>\n");
    b.append("<h2>Timeline</h2>\n").append(timeline(r.path("timeline"), w)).append('\n');
    b.append("<h2>Counts</h2>\n");
    table(
        b,
        List.of(r.path("counts")),
        List.of(
            "requests",
            "allowed",
            "denied",
            "resources_viewed",
            "resources_downloaded",
            "bytes_out"));
    section(b, "Credentials", r.path("credentials"), null);
    section(b, "Source IPs", r.path("source_ips"), List.of("ip", "count"));
    section(b, "Applications", r.path("apps"), List.of("app", "allowed", "denied"));
    section(b, "Resources", r.path("resources"), List.of("app", "resource", "view", "download"));
    section(
        b, "Denied attempts", r.path("denied_attempts"), List.of("app", "path", "reason", "count"));
    section(
        b,
        "Alerts",
        r.path("alerts"),
        List.of("time", "rule_id", "level", "count", "response", "title"));
    section(b, "Locks", r.path("locks"), null);
    section(b, "Events", r.path("timeline"), IncidentMarkdown.TIMELINE);
    b.append("</body></html>\n");
    return b.toString();
  }

  /** An SVG strip: x is time within the window, one tick per event, colour by decision. */
  static String timeline(JsonNode events, JsonNode window) {
    int width = 900;
    int height = 60;
    Instant from = time(window.path("from").asText(null));
    Instant to = time(window.path("to").asText(null));
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"timeline\">")
        .append("<line x1=\"0\" y1=\"40\" x2=\"")
        .append(width)
        .append("\" y2=\"40\" stroke=\"#999\"/>");
    if (from != null && to != null && to.isAfter(from) && events.isArray()) {
      double span = to.toEpochMilli() - from.toEpochMilli();
      for (JsonNode e : events) {
        Instant t = time(e.path("time").asText(null));
        if (t == null) {
          continue;
        }
        double x =
            Math.max(0, Math.min(1, (t.toEpochMilli() - from.toEpochMilli()) / span)) * (width - 2)
                + 1;
        boolean deny = "deny".equals(e.path("decision").asText());
        s.append(
            String.format(
                java.util.Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"38\" stroke=\"%s\"><title>%s</title></line>",
                x,
                deny ? 10 : 20,
                x,
                deny ? "#b00020" : "#1b7f3b",
                esc(
                    e.path("time").asText()
                        + " "
                        + e.path("method").asText()
                        + " "
                        + e.path("path").asText()
                        + " "
                        + e.path("decision").asText())));
      }
      s.append("<text x=\"0\" y=\"55\" font-size=\"10\">")
          .append(esc(from.toString()))
          .append("</text>")
          .append("<text x=\"")
          .append(width)
          .append("\" y=\"55\" font-size=\"10\" text-anchor=\"end\">")
          .append(esc(to.toString()))
          .append("</text>");
    }
    return s.append("</svg>").toString();
  }

  private static Instant time(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void section(StringBuilder b, String title, JsonNode items, List<String> columns) {
    b.append("<h2>").append(esc(title)).append("</h2>\n");
    if (!items.isArray() || items.isEmpty()) {
      b.append("<p>None.</p>\n");
      return;
    }
    List<JsonNode> rows = new ArrayList<>();
    items.forEach(rows::add);
    if (!rows.get(0).isObject()) {
      b.append("<ul>");
      rows.forEach(
          x ->
              b.append("<li>")
                  .append(esc(x.isValueNode() ? x.asText() : x.toString()))
                  .append("</li>"));
      b.append("</ul>\n");
      return;
    }
    table(b, rows, columns != null ? columns : IncidentMarkdown.keys(rows.get(0)));
  }

  private static void table(StringBuilder b, List<JsonNode> rows, List<String> columns) {
    b.append("<table><tr>");
    columns.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
    b.append("</tr>\n");
    for (JsonNode row : rows) {
      String cls = row.path("decision").asText("");
      b.append(cls.isEmpty() ? "<tr>" : "<tr class=\"" + esc(cls) + "\">");
      columns.forEach(c -> b.append("<td>").append(esc(Output.text(row, c))).append("</td>"));
      b.append("</tr>\n");
    }
    b.append("</table>\n");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
