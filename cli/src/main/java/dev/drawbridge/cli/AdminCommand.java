package dev.drawbridge.cli;

import picocli.CommandLine.Mixin;

/** A command that talks to the admin API of a running server. */
abstract class AdminCommand extends CliCommand {
  @Mixin AdminOptions admin;

  boolean json() {
    return admin.jsonOutput();
  }
}
