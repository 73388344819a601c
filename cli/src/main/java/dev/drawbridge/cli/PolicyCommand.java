package dev.drawbridge.cli;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.policy.CaseFormatException;
import dev.drawbridge.policy.CaseResult;
import dev.drawbridge.policy.PolicyCase;
import dev.drawbridge.policy.PolicyCases;
import dev.drawbridge.policy.PolicyEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge policy test|explain}. */
@Command(
    name = "policy",
    description = "Test and explain access policies (offline).",
    mixinStandardHelpOptions = true,
    subcommands = {PolicyCommand.Test.class, PolicyExplainCommand.class})
final class PolicyCommand {

  @Command(name = "test", description = "Run decision test cases; exit 1 if any fails.")
  static final class Test extends CliCommand {
    @Option(
        names = "--config",
        required = true,
        paramLabel = "FILE",
        description = "the config file whose policies decide")
    Path config;

    @Option(
        names = "--cases",
        required = true,
        paramLabel = "FILE",
        description = "YAML list of decision test cases (name, app, request, expect, reason)")
    Path cases;

    @Override
    int run() {
      DrawbridgeConfig cfg = Configs.load(config, err());
      PolicyEngine engine = Configs.compile(cfg, config, err());
      List<PolicyCase> parsed = parse();
      List<CaseResult> results = PolicyCases.run(engine, parsed);
      int failed = 0;
      for (CaseResult r : results) {
        if (r.passed()) {
          continue;
        }
        failed++;
        out()
            .println(
                "FAIL "
                    + r.name()
                    + ": expected "
                    + r.expectedDecision().wire()
                    + (r.expectedReason() == null ? "" : " (" + r.expectedReason() + ")")
                    + ", got "
                    + r.actualDecision().wire()
                    + " ("
                    + r.actualReason()
                    + ")");
      }
      out()
          .println(
              results.size()
                  + " case"
                  + (results.size() == 1 ? "" : "s")
                  + ": "
                  + (results.size() - failed)
                  + " passed, "
                  + failed
                  + " failed");
      return failed > 0 ? 1 : 0;
    }

    private List<PolicyCase> parse() {
      String yaml;
      try {
        yaml = Files.readString(cases, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new CliException(
            cases + " does not exist (pass --cases with the path of your test cases)");
      } catch (IOException e) {
        throw new CliException("cannot read " + cases + ": " + e.getMessage());
      }
      try {
        return PolicyCases.parse(yaml, Instant.now());
      } catch (CaseFormatException e) {
        for (String p : e.problems()) {
          err().println("error: " + cases + ": " + p);
        }
        throw new CliException(cases + ": cannot read the test cases; fix the problems above");
      }
    }
  }
}
