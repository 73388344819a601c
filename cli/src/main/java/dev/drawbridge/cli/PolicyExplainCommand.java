package dev.drawbridge.cli;

import dev.drawbridge.admin.Times;
import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.policy.AccessRequest;
import dev.drawbridge.policy.Explanation;
import dev.drawbridge.policy.PolicyEngine;
import dev.drawbridge.policy.PolicyTrace;
import dev.drawbridge.policy.RequestTarget;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge policy explain}: the decision for one request and why, policy by policy. */
@Command(name = "explain", description = "Decide one request and say why, policy by policy.")
final class PolicyExplainCommand extends CliCommand {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "the config file whose policies decide")
  Path config;

  @Option(names = "--app", required = true, paramLabel = "ID", description = "the application id")
  String app;

  @Option(names = "--email", paramLabel = "E", description = "the user's e-mail")
  String email;

  @Option(names = "--group", paramLabel = "G", description = "repeatable")
  List<String> groups = new ArrayList<>();

  @Option(
      names = "--idp",
      paramLabel = "ID",
      description = "the identity provider the user signed in with (local: security key)")
  String idp;

  @Option(names = "--token", paramLabel = "NAME", description = "a service token's name")
  String token;

  @Option(names = "--ip", paramLabel = "IP", description = "the client's address")
  String ip;

  @Option(
      names = "--amr",
      paramLabel = "M",
      description = "authentication method, e.g. hwk (repeatable)")
  List<String> amr = new ArrayList<>();

  @Option(
      names = "--device",
      paramLabel = "managed|unmanaged",
      description = "managed: the client presented a valid device certificate")
  String device;

  @Option(
      names = "--method",
      paramLabel = "M",
      defaultValue = "GET",
      description = "HTTP method (default: ${DEFAULT-VALUE})")
  String method;

  @Option(names = "--path", required = true, paramLabel = "P", description = "the request path")
  String path;

  @Option(
      names = "--time",
      paramLabel = "T",
      description = "RFC 3339 or e.g. 2h ago as 2h (default: now)")
  String time;

  @Option(names = "--json", description = "print JSON (same as -o json)")
  boolean json;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "text|json",
      description = "output format (default: text)")
  String output;

  @Override
  int run() {
    AccessRequest.Builder request = request();
    DrawbridgeConfig cfg = Configs.load(config, err());
    if (cfg.application(app).isEmpty()) {
      throw CliException.usage(
          "--app: \""
              + app
              + "\" is not an application of "
              + config
              + " (expected one of: "
              + String.join(", ", cfg.applications().stream().map(ApplicationConfig::id).toList())
              + ")");
    }
    PolicyEngine engine = Configs.compile(cfg, config, err());
    // the target as the data plane reads it: normalized, or refused before any policy sees it
    Explanation x = RequestTarget.explain(engine, request, path);
    if (output != null && !output.equals("json") && !output.equals("text")) {
      throw CliException.usage("-o: \"" + output + "\" (expected: text or json)");
    }
    if (json || "json".equals(output)) {
      Output.json(out(), x.toJson());
      return 0;
    }
    out().println(x.decision().effect().wire());
    out()
        .println(
            "policy: "
                + (x.decision().policy() == null ? "(none)" : x.decision().policy())
                + "  reason: "
                + x.decision().reason()
                + (x.requirementReason() == null
                    ? ""
                    : "  failed requirement: " + x.requirementReason()));
    int i = 1;
    for (PolicyTrace t : x.trace()) {
      String state = t.decided() ? "DECIDED" : t.matched() ? "matched" : "no match";
      out().println(i++ + ". " + t.policy() + " (" + t.effect().wire() + "): " + state);
      for (String why : t.why()) {
        out().println("     " + why);
      }
    }
    return 0;
  }

  private AccessRequest.Builder request() {
    if (email != null && token != null) {
      throw CliException.usage(
          "--email and --token: give one (a user or a service token), not both");
    }
    AccessRequest.Builder b = AccessRequest.builder(app);
    if (token != null) {
      b.token(token);
    } else if (email != null) {
      b.user(email);
    } else {
      b.anonymous();
    }
    b.groups(new LinkedHashSet<>(groups)).amr(new LinkedHashSet<>(amr)).idp(idp);
    if (ip != null) {
      try {
        b.ip(ip);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(
            "--ip: \"" + ip + "\" is not an IP address (expected e.g. 10.1.2.3)");
      }
    }
    if (device != null && !device.equals("managed") && !device.equals("unmanaged")) {
      throw CliException.usage("--device: \"" + device + "\" (expected: managed or unmanaged)");
    }
    b.deviceManaged("managed".equals(device));
    if (!method.matches("[A-Za-z]{1,16}")) {
      throw CliException.usage(
          "--method: \"" + method + "\" (expected an HTTP method such as GET)");
    }
    b.method(method);
    if (!path.startsWith("/")) {
      throw CliException.usage("--path: \"" + path + "\" (expected a path starting with /)");
    }
    Instant at;
    try {
      at = time == null ? Instant.now() : Times.parse(time, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--time: " + e.getMessage());
    }
    return b.time(at);
  }
}
