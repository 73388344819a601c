package dev.drawbridge.cli;

import dev.drawbridge.detect.Alert;
import dev.drawbridge.detect.RuleException;
import dev.drawbridge.detect.RulesTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drawbridge rules test RULE.yml EVENTS.jsonl}. */
@Command(
    name = "rules",
    description = "Detection rules (Sigma).",
    mixinStandardHelpOptions = true,
    subcommands = RulesCommand.Test.class)
final class RulesCommand {
  @Command(
      name = "test",
      description = "Feed events (JSON lines) to a rule file and print the alerts.")
  static final class Test extends CliCommand {
    @Parameters(index = "0", paramLabel = "RULE.yml", description = "the Sigma rule file")
    Path rule;

    @Parameters(
        index = "1",
        paramLabel = "EVENTS.jsonl",
        description = "audit events, one JSON object per line")
    Path events;

    @Option(names = "--json", description = "(same as -o json) print the alerts as a JSON array")
    boolean json;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "text|json",
        description = "output format (default: text)")
    void output(String format) {
      if (!format.equals("text") && !format.equals("json")) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "-o: \"" + format + "\" (expected: text or json)");
      }
      json = format.equals("json");
    }

    @Override
    int run() {
      for (Path p : List.of(rule, events)) {
        if (!Files.isRegularFile(p)) {
          throw new CliException(p + " does not exist or is not a file");
        }
      }
      List<Alert> alerts;
      try {
        alerts = RulesTest.run(rule, events);
      } catch (RuleException e) {
        throw new CliException(e.getMessage());
      }
      if (json) {
        Output.json(out(), alerts.stream().map(Alert::toJson).toList());
        return 0;
      }
      for (Alert a : alerts) {
        out()
            .println(
                a.time()
                    + "  "
                    + a.ruleId()
                    + "  "
                    + a.level()
                    + "  principal="
                    + a.principal()
                    + "  count="
                    + a.count()
                    + "  response="
                    + String.join(",", a.response())
                    + "  "
                    + a.title());
      }
      out().println(alerts.size() + " alert" + (alerts.size() == 1 ? "" : "s"));
      return 0;
    }
  }
}
