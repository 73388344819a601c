package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code drawbridge locks}. */
@Command(name = "locks", description = "List the locks in force (old spelling of `lock ls`).")
class LocksCommand extends AdminCommand {
  @Override
  int run() {
    JsonNode locks = admin.client().get("locks");
    if (json()) {
      Output.json(out(), locks);
      return 0;
    }
    if (locks.isEmpty()) {
      out().println("No locks in force.");
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode l : locks) {
      rows.add(
          List.of(
              Output.text(l, "principal"),
              Output.text(l, "created_at"),
              Output.text(l, "expires_at"),
              Output.text(l, "created_by"),
              Output.text(l, "reason")));
    }
    Output.table(out(), List.of("PRINCIPAL", "SINCE", "UNTIL", "BY", "REASON"), rows);
    return 0;
  }
}
