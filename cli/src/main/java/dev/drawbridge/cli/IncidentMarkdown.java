package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The SPEC §7 incident report as Markdown, for people; the same content as the JSON. */
final class IncidentMarkdown {
  static final List<String> TIMELINE =
      List.of(
          "time",
          "app",
          "method",
          "path",
          "action",
          "resource",
          "decision",
          "reason",
          "src_ip",
          "status");

  private IncidentMarkdown() {}

  static String render(JsonNode r) {
    StringBuilder b = new StringBuilder();
    b.append("# Incident report: ").append(Output.text(r, "principal")).append("\n\n");
    JsonNode w = r.path("window");
    b.append("Window: ")
        .append(Output.text(w, "from"))
        .append(" to ")
        .append(Output.text(w, "to"))
        .append("\n\n");
    JsonNode c = r.path("counts");
    b.append("## Counts\n\n");
    table(
        b,
        List.of(c),
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
    section(b, "Timeline", r.path("timeline"), TIMELINE);
    return b.toString();
  }

  private static void section(StringBuilder b, String title, JsonNode items, List<String> columns) {
    b.append("## ").append(title).append("\n\n");
    if (!items.isArray() || items.isEmpty()) {
      b.append("None.\n\n");
      return;
    }
    List<JsonNode> rows = new ArrayList<>();
    items.forEach(rows::add);
    if (!rows.get(0).isObject()) {
      rows.forEach(
          x -> b.append("- ").append(x.isValueNode() ? x.asText() : x.toString()).append('\n'));
      b.append('\n');
      return;
    }
    table(b, rows, columns != null ? columns : keys(rows.get(0)));
  }

  static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static void table(StringBuilder b, List<JsonNode> rows, List<String> columns) {
    b.append("| ").append(String.join(" | ", columns)).append(" |\n|");
    columns.forEach(x -> b.append("---|"));
    b.append('\n');
    for (JsonNode row : rows) {
      b.append("|");
      for (String col : columns) {
        b.append(' ').append(Output.text(row, col).replace("|", "\\|")).append(" |");
      }
      b.append('\n');
    }
    b.append('\n');
  }
}
