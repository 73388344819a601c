package dev.drawbridge.cli;

import picocli.CommandLine.Command;

/** {@code drawbridge alert ls}: detection alerts. */
@Command(
    name = "alert",
    description = "Detection alerts.",
    subcommands = {AlertCommand.Ls.class})
final class AlertCommand {
  @Command(name = "ls", aliases = "list", description = "Detection alerts, newest first.")
  static final class Ls extends AlertsCommand {}
}
