package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge unlock}. */
@Command(
    name = "unlock",
    description = "Remove the lock on a principal (old spelling of `lock rm`).")
class UnlockCommand extends AdminCommand {
  @Option(
      names = "--principal",
      required = true,
      paramLabel = "P",
      description = "the user e-mail or token name")
  String principal;

  @Override
  int run() {
    JsonNode r = admin.client().delete("locks/" + AdminClient.seg(principal));
    if (json()) {
      Output.json(out(), r);
      return 0;
    }
    out().println("Unlocked " + Output.text(r, "principal") + ".");
    return 0;
  }
}
