package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge breach declare}. */
@Command(
    name = "breach",
    description = "Respond to a vendor breach.",
    mixinStandardHelpOptions = true,
    subcommands = BreachCommand.Declare.class)
final class BreachCommand {
  @Command(
      name = "declare",
      description =
          "Mark credentials labelled with the vendor and issued before DATE as exposed (and"
              + " suspend them), and revoke sessions from an identity provider with that id.")
  static final class Declare extends AdminCommand {
    @Option(
        names = "--vendor",
        required = true,
        paramLabel = "NAME",
        description = "the vendor, as token labels (any value) and identity-provider ids name it")
    String vendor;

    @Option(
        names = "--since",
        required = true,
        paramLabel = "DATE",
        description = "RFC 3339, a date, or e.g. 30d")
    String since;

    @Option(
        names = "--action",
        paramLabel = "ACTION",
        description = "suspend (default), revoke or report")
    String action;

    @Override
    int run() {
      if (action != null && !action.matches("suspend|revoke|report")) {
        throw CliException.usage(
            "--action: \"" + action + "\" (expected: suspend, revoke or report)");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("vendor", vendor);
      body.put("since", since);
      if (action != null) {
        body.put("action", action);
      }
      JsonNode r = admin.client().post("breaches", body);
      if (json()) {
        Output.json(out(), r);
        return 0;
      }
      int n = r.path("tokens").size();
      String verb =
          switch (Output.text(r, "action")) {
            case "revoke" -> "marked exposed and revoked";
            case "report" -> "marked exposed (left active: action report)";
            default -> "marked exposed and suspended until rotated";
          };
      out()
          .println(
              "Declared the breach of "
                  + Output.text(r, "vendor")
                  + " since "
                  + Output.text(r, "since")
                  + " (id "
                  + Output.text(r, "id")
                  + ").");
      out()
          .println(
              n
                  + " credential"
                  + (n == 1 ? "" : "s")
                  + " "
                  + verb
                  + (n == 0 ? "." : ": " + Output.text(r, "tokens")));
      out()
          .println(
              r.path("sessions_revoked").asInt()
                  + " session(s) of identity provider "
                  + Output.text(r, "vendor")
                  + " revoked.");
      return 0;
    }
  }
}
