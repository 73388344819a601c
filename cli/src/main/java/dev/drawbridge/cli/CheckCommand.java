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

  @Option(
      names = {"-o", "--output"},
      paramLabel = "text|json",
      description = "output format (default: text); json: {file, ok, errors, warnings, findings}")
  String output;

  /**
   * The names of the tokens of the server this config describes, read through its admin API
   * (admin_listen, data_dir/admin.token) when it answers; null when it does not (then token names
   * are not checked, and a note says so if policies name tokens).
   */
  private java.util.Set<String> serverTokens(DrawbridgeConfig cfg) {
    boolean namesTokens =
        cfg.applications().stream()
            .flatMap(a -> a.policies().stream())
            .flatMap(p -> java.util.stream.Stream.of(p.include(), p.require(), p.exclude()))
            .flatMap(java.util.List::stream)
            .anyMatch(s -> s instanceof dev.drawbridge.config.Selector.ServiceToken);
    if (!namesTokens) {
      return null;
    }
    AdminOptions admin = new AdminOptions();
    admin.config = config;
    try {
      java.util.Set<String> names = new java.util.TreeSet<>();
      for (com.fasterxml.jackson.databind.JsonNode t : admin.client().get("tokens")) {
        names.add(t.path("name").asText());
      }
      return names;
    } catch (RuntimeException e) {
      ("json".equals(output) ? err() : out())
          .println(
              "note: service_token names not checked against the server's tokens (its admin API"
                  + " at "
                  + admin.serverUrl()
                  + " is not reachable with data_dir's admin.token)");
      return null;
    }
  }

  @Override
  int run() {
    DrawbridgeConfig cfg = Configs.load(config, err());
    Configs.compile(cfg, config, err());
    List<LintFinding> findings = new ArrayList<>();
    for (ConfigWarnings.Warning w : ConfigWarnings.of(cfg)) {
      findings.add(new LintFinding(LintFinding.WARNING, w.where(), w.message()));
    }
    findings.addAll(PolicyLint.lint(cfg.applications()));
    for (PolicyReferences.Finding f : PolicyReferences.check(cfg, serverTokens(cfg))) {
      findings.add(new LintFinding(LintFinding.WARNING, f.where(), f.message()));
    }
    long errors = findings.stream().filter(f -> f.severity().equals(LintFinding.ERROR)).count();
    long warnings = findings.size() - errors;
    if ("json".equals(output)) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("file", config.toString());
      m.put("ok", errors == 0);
      m.put("errors", errors);
      m.put("warnings", warnings);
      java.util.List<java.util.Map<String, String>> list = new java.util.ArrayList<>();
      for (LintFinding f : findings) {
        list.add(
            java.util.Map.of("severity", f.severity(), "where", f.where(), "message", f.message()));
      }
      m.put("findings", list);
      Output.json(out(), m);
      return errors > 0 ? 1 : 0;
    }
    if (output != null && !output.equals("text")) {
      throw CliException.usage("-o: \"" + output + "\" (expected: text or json)");
    }
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
