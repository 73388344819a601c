package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.admin.incident.IncidentReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge incident report}: SPEC §7. */
@Command(
    name = "incident",
    description = "Incident reports.",
    mixinStandardHelpOptions = true,
    subcommands = IncidentCommand.Report.class)
final class IncidentCommand {
  enum Format {
    json,
    md,
    html
  }

  @Command(
      name = "report",
      description =
          "What one principal did over a window: apps, resources, denials, alerts, timeline.")
  static final class Report extends AdminCommand {
    @Option(
        names = "--principal",
        required = true,
        paramLabel = "P",
        description = "the user e-mail or token name")
    String principal;

    @Option(names = "--since", paramLabel = "T", description = "default: 30 days before --until")
    String since;

    @Option(names = "--until", paramLabel = "T", description = "default: now")
    String until;

    @Option(
        names = "--format",
        paramLabel = "json|md|html",
        description = "default: md (json with --json)")
    Format format;

    @Option(
        names = "--tz",
        paramLabel = "ZONE",
        description = "time zone of the report's times and words, e.g. Europe/Berlin (default UTC)")
    String tz;

    @Option(names = "--out", paramLabel = "FILE", description = "write the report to FILE")
    Path outFile;

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(JsonNode report) {
      return AdminClient.JSON.convertValue(report, Map.class);
    }

    @Override
    int run() throws IOException {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("principal", principal);
      q.put("since", since);
      q.put("until", until);
      q.put("tz", tz);
      JsonNode report = admin.client().get("incidents", q);
      Format f = format != null ? format : json() ? Format.json : Format.md;
      String text =
          switch (f) {
            case json ->
                AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
            case md -> IncidentReport.markdown(asMap(report));
            case html -> IncidentReport.html(asMap(report));
          };
      if (outFile == null) {
        out().print(text);
        return 0;
      }
      try {
        Files.writeString(outFile, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CliException(
            "cannot write "
                + outFile
                + ": "
                + e.getMessage()
                + " (check the path and permissions)");
      }
      out().println("Wrote the " + f + " incident report of " + principal + " to " + outFile);
      return 0;
    }
  }
}
