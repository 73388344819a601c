package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drawbridge token create|list|show|rotate|revoke}. */
@Command(
    name = "token",
    description = "Manage service tokens.",
    mixinStandardHelpOptions = true,
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Show.class,
      TokenCommand.Rotate.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand {
  static final String SHOWN_ONCE =
      "Store the client secret now: it is shown only this once and cannot be retrieved again"
          + " (only a hash is kept).";

  @Command(name = "create", description = "Create a service token; prints its secret once.")
  static final class Create extends AdminCommand {
    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "token name (1-64 of a-z 0-9 . _ -), as policies name it in service_token")
    String name;

    @Option(
        names = "--app",
        required = true,
        paramLabel = "ID",
        description = "application id (repeatable)")
    List<String> apps;

    @Option(
        names = "--expires",
        paramLabel = "DURATION",
        description = "e.g. 90d, or never (default: credentials.default_expiry)")
    String expires;

    @Option(
        names = "--cidr",
        paramLabel = "CIDR",
        description = "allowed source network (repeatable)")
    List<String> cidrs = new ArrayList<>();

    @Option(names = "--owner", paramLabel = "EMAIL", description = "who answers for the token")
    String owner;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "label (repeatable)")
    Map<String, String> labels = new LinkedHashMap<>();

    /**
     * With {@code --config}: a warning for each {@code --app} none of whose policies names this
     * token (or any token) in an include, since every request of the token would be denied there.
     */
    private void warnIfNoPolicyAdmits() {
      if (admin.config == null) {
        return;
      }
      dev.drawbridge.config.DrawbridgeConfig cfg = admin.loadedConfig();
      for (String app : apps) {
        cfg.application(app)
            .filter(a -> !PolicyReferences.admits(a, name))
            .ifPresent(
                a ->
                    err()
                        .println(
                            "warning: no policy of application "
                                + app
                                + " admits token "
                                + name
                                + ": its requests there will be denied (add include:"
                                + " [{service_token: ["
                                + name
                                + "]}] to a policy of "
                                + app
                                + ")"));
      }
    }

    @Override
    int run() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("apps", apps);
      if (expires != null) {
        body.put("expires", expires);
      }
      body.put("cidrs", cidrs);
      if (owner != null) {
        body.put("owner", owner);
      }
      body.put("labels", labels);
      JsonNode t = admin.client().post("tokens", body);
      warnIfNoPolicyAdmits();
      if (json()) {
        Output.json(out(), t);
        err().println("warning: " + SHOWN_ONCE);
        return 0;
      }
      out()
          .println(
              "Created token " + Output.text(t, "name") + " (id " + Output.text(t, "id") + ")");
      out().println("  apps:          " + Output.text(t, "apps"));
      out().println("  expires_at:    " + Output.text(t, "expires_at"));
      out().println("  client_id:     " + Output.text(t, "client_id"));
      out().println("  client_secret: " + Output.text(t, "client_secret"));
      out().println("warning: " + SHOWN_ONCE);
      return 0;
    }
  }

  @Command(name = "ls", aliases = "list", description = "List service tokens.")
  static final class ListTokens extends AdminCommand {
    @Override
    int run() {
      JsonNode list = admin.client().get("tokens");
      if (json()) {
        Output.json(out(), list);
        return 0;
      }
      if (list.isEmpty()) {
        out().println("No tokens. Create one with `drawbridge token create --name NAME --app ID`.");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode t : list) {
        rows.add(
            List.of(
                Output.text(t, "id"),
                Output.text(t, "name"),
                Output.text(t, "status"),
                Output.text(t, "apps"),
                Output.text(t, "cidrs"),
                Output.text(t, "expires_at"),
                Output.text(t, "last_used_at")));
      }
      Output.table(
          out(), List.of("ID", "NAME", "STATUS", "APPS", "CIDRS", "EXPIRES", "LAST USED"), rows);
      return 0;
    }
  }

  @Command(name = "show", description = "Show one service token.")
  static final class Show extends AdminCommand {
    @Parameters(paramLabel = "ID|NAME", description = "token id or name")
    String token;

    @Override
    int run() {
      JsonNode t = admin.client().get("tokens/" + AdminClient.seg(token));
      if (json()) {
        Output.json(out(), t);
        return 0;
      }
      printFields(t);
      return 0;
    }

    private void printFields(JsonNode t) {
      for (var it = t.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        out().printf("%-28s %s%n", k + ":", Output.text(t, k));
      }
    }
  }

  @Command(
      name = "rotate",
      description = "Issue a new secret; the old one works until the grace ends.")
  static final class Rotate extends AdminCommand {
    @Parameters(paramLabel = "ID|NAME", description = "token id or name")
    String token;

    @Option(
        names = "--grace",
        paramLabel = "DURATION",
        description = "how long the old secret keeps working (default 24h)")
    String grace;

    @Override
    int run() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (grace != null) {
        body.put("grace", grace);
      }
      JsonNode t = admin.client().post("tokens/" + AdminClient.seg(token) + "/rotate", body);
      if (json()) {
        Output.json(out(), t);
        err().println("warning: " + SHOWN_ONCE);
        return 0;
      }
      out()
          .println(
              "Rotated token " + Output.text(t, "name") + " (id " + Output.text(t, "id") + ")");
      out().println("  client_id:     " + Output.text(t, "client_id"));
      out().println("  client_secret: " + Output.text(t, "client_secret"));
      String until = Output.text(t, "previous_secret_valid_until");
      out()
          .println(
              until.equals("-")
                  ? "The previous secret no longer works."
                  : "The previous secret keeps working until " + until + ".");
      out().println("warning: " + SHOWN_ONCE);
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a token, effective on its next request.")
  static final class Revoke extends AdminCommand {
    @Parameters(paramLabel = "ID|NAME", description = "token id or name")
    String token;

    @Override
    int run() {
      JsonNode t = admin.client().post("tokens/" + AdminClient.seg(token) + "/revoke", Map.of());
      if (json()) {
        Output.json(out(), t);
        return 0;
      }
      out()
          .println(
              "Revoked token "
                  + Output.text(t, "name")
                  + " (id "
                  + Output.text(t, "id")
                  + "): every request with it is denied from now on.");
      return 0;
    }
  }
}
