package dev.drawbridge.cli;

import dev.drawbridge.demo.DemoMain;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code drawbridge demo}: runs {@link DemoMain#run(String[])} and exits with its code. */
@Command(name = "demo", description = "Replay the Thanksgiving-2023 attack against a live gateway.")
final class DemoCommand extends CliCommand {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  int run() {
    return DemoMain.run(args.toArray(String[]::new));
  }
}
