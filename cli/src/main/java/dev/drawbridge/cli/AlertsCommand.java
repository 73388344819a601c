package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge alerts}: detection alerts, newest first. */
@Command(
    name = "alerts",
    description = "Detection alerts, newest first (old spelling of `alert ls`).")
class AlertsCommand extends AdminCommand {
  @Option(names = "--since", paramLabel = "T", description = "RFC 3339, or e.g. 2h, 7d")
  String since;

  @Override
  int run() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("since", since);
    JsonNode alerts = admin.client().get("alerts", q);
    if (json()) {
      Output.json(out(), alerts);
      return 0;
    }
    if (alerts.isEmpty()) {
      out().println("No alerts.");
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode a : alerts) {
      rows.add(
          List.of(
              Output.text(a, "time"),
              Output.text(a, "level"),
              Output.text(a, "rule_id"),
              Output.text(a, "principal"),
              Output.text(a, "count"),
              Output.text(a, "response"),
              Output.text(a, "title")));
    }
    Output.table(
        out(), List.of("TIME", "LEVEL", "RULE", "PRINCIPAL", "COUNT", "RESPONSE", "TITLE"), rows);
    return 0;
  }
}
