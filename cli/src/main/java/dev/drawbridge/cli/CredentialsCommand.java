package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code drawbridge credentials audit}. */
@Command(
    name = "credentials",
    description = "Credential hygiene.",
    mixinStandardHelpOptions = true,
    subcommands = CredentialsCommand.Audit.class)
final class CredentialsCommand {
  @Command(
      name = "audit",
      description =
          "Findings per credential: dormant, stale, no_expiry, exposed, unrestricted_network.")
  static final class Audit extends AdminCommand {
    @Override
    int run() {
      JsonNode findings = admin.client().get("credentials/audit");
      if (json()) {
        Output.json(out(), findings);
        return 0;
      }
      if (findings.isEmpty()) {
        out().println("No findings.");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode f : findings) {
        rows.add(
            List.of(
                Output.text(f, "token_name"), Output.text(f, "kind"), Output.text(f, "detail")));
      }
      Output.table(out(), List.of("TOKEN", "FINDING", "DETAIL"), rows);
      return 0;
    }
  }
}
