package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drawbridge lock add|rm|ls}: deny every request of a principal on every application. The
 * old spelling {@code lock --principal P --reason TEXT} still works (hidden options, one release).
 */
@Command(
    name = "lock",
    description = "Lock principals (user e-mail or token name) out of every application.",
    subcommands = {LockCommand.Add.class, LockCommand.Rm.class, LockCommand.Ls.class})
final class LockCommand extends AdminCommand {
  @Option(
      names = "--principal",
      hidden = true,
      paramLabel = "P",
      description = "the user e-mail or token name (old spelling of `lock add`)")
  String principal;

  @Option(
      names = "--reason",
      hidden = true,
      paramLabel = "TEXT",
      description = "why (old spelling of `lock add`)")
  String reason;

  @Option(
      names = "--ttl",
      hidden = true,
      paramLabel = "DURATION",
      description = "e.g. 24h (old spelling of `lock add`)")
  String ttl;

  @Override
  int run() {
    if (principal == null || reason == null) {
      throw CliException.usage(
          "missing subcommand (expected one of: add, rm, ls; see `drawbridge lock --help`)");
    }
    return lock(this, principal, reason, ttl);
  }

  static int lock(AdminCommand c, String principal, String reason, String ttl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("principal", principal);
    body.put("reason", reason);
    if (ttl != null) {
      body.put("ttl", ttl);
    }
    JsonNode l = c.admin.client().post("locks", body);
    if (c.json()) {
      Output.json(c.out(), l);
      return 0;
    }
    String until = Output.text(l, "expires_at");
    c.out()
        .println(
            "Locked "
                + Output.text(l, "principal")
                + (until.equals("-") ? " until unlocked" : " until " + until)
                + ": "
                + Output.text(l, "reason"));
    return 0;
  }

  @Command(name = "add", description = "Lock a principal out of every application at once.")
  static final class Add extends AdminCommand {
    @Option(
        names = "--principal",
        required = true,
        paramLabel = "P",
        description = "the user e-mail or token name")
    String principal;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "why (kept with the lock and in the audit log)")
    String reason;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        description = "e.g. 24h (default: until unlocked)")
    String ttl;

    @Override
    int run() {
      return lock(this, principal, reason, ttl);
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove the lock on a principal.")
  static final class Rm extends UnlockCommand {}

  @Command(name = "ls", aliases = "list", description = "List the locks in force.")
  static final class Ls extends LocksCommand {}
}
