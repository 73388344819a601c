package dev.drawbridge.cli;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.ConfigWarnings;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.policy.LintFinding;
import dev.drawbridge.policy.PolicyLint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge check}: validate the config and print lint findings. */
@Command(
    name = "check",
    description = "Validate the config and print lint findings; exit 1 on errors.")
final class CheckCommand extends CliCommand {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "the config file to validate and lint")
  Path config;

  @Override
  int run() {
    DrawbridgeConfig cfg = Configs.load(config, err());
    Configs.compile(cfg, config, err());
    List<LintFinding> findings = new ArrayList<>();
    for (ConfigWarnings.Warning w : ConfigWarnings.of(cfg)) {
      findings.add(new LintFinding(LintFinding.WARNING, w.where(), w.message()));
    }
    findings.addAll(PolicyLint.lint(cfg.applications()));
    long errors = findings.stream().filter(f -> f.severity().equals(LintFinding.ERROR)).count();
    long warnings = findings.size() - errors;
    for (LintFinding f : findings) {
      out().println(f.severity() + ": " + f.where() + ": " + f.message());
    }
    int policies = cfg.applications().stream().mapToInt(a -> a.policies().size()).sum();
    String summary =
        cfg.applications().size()
            + " application"
            + (cfg.applications().size() == 1 ? "" : "s")
            + " ("
            + String.join(", ", cfg.applications().stream().map(ApplicationConfig::id).toList())
            + "), "
            + policies
            + " polic"
            + (policies == 1 ? "y" : "ies")
            + ", "
            + errors
            + " error"
            + (errors == 1 ? "" : "s")
            + ", "
            + warnings
            + " warning"
            + (warnings == 1 ? "" : "s");
    out().println(config + ": " + (errors > 0 ? "FAILED" : "OK") + " — " + summary);
    return errors > 0 ? 1 : 0;
  }
}
