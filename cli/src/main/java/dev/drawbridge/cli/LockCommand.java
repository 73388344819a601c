package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge lock}: deny every request of a principal on every application. */
@Command(
    name = "lock",
    description = "Lock a principal (user e-mail or token name) out of every application.")
final class LockCommand extends AdminCommand {
  @Option(names = "--principal", required = true, paramLabel = "P")
  String principal;

  @Option(names = "--reason", required = true, paramLabel = "TEXT")
  String reason;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      description = "e.g. 24h (default: until unlocked)")
  String ttl;

  @Override
  int run() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("principal", principal);
    body.put("reason", reason);
    if (ttl != null) {
      body.put("ttl", ttl);
    }
    JsonNode l = admin.client().post("locks", body);
    if (json()) {
      Output.json(out(), l);
      return 0;
    }
    String until = Output.text(l, "expires_at");
    out()
        .println(
            "Locked "
                + Output.text(l, "principal")
                + (until.equals("-") ? " until unlocked" : " until " + until)
                + ": "
                + Output.text(l, "reason"));
    return 0;
  }
}
