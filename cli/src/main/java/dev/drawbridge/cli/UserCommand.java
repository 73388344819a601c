package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge user invite}. */
@Command(
    name = "user",
    description = "Local users (hardware security keys only).",
    mixinStandardHelpOptions = true,
    subcommands = UserCommand.Invite.class)
final class UserCommand {
  @Command(
      name = "invite",
      description = "Make a one-time link with which a user enrols a security key.")
  static final class Invite extends AdminCommand {
    @Option(
        names = "--email",
        required = true,
        paramLabel = "E",
        description = "the user's e-mail (the principal)")
    String email;

    @Option(names = "--group", paramLabel = "G", description = "group (repeatable)")
    List<String> groups = new ArrayList<>();

    @Override
    int run() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("email", email);
      body.put("groups", groups);
      JsonNode r = admin.client().post("users/invite", body);
      if (json()) {
        Output.json(out(), r);
        return 0;
      }
      out()
          .println(
              "Invitation for "
                  + Output.text(r, "email")
                  + " (groups: "
                  + Output.text(r, "groups")
                  + "):");
      out().println("  " + Output.text(r, "url"));
      out().println("Send this link to the user only; it works once.");
      return 0;
    }
  }
}
