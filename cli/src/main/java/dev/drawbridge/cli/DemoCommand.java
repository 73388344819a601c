package dev.drawbridge.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code drawbridge demo}: runs {@code dev.drawbridge.demo.DemoMain.run(String[])} and exits with
 * its code. Called reflectively so that this module compiles before the demo module is installed.
 */
@Command(name = "demo", description = "Replay the Thanksgiving-2023 attack against a live gateway.")
final class DemoCommand extends CliCommand {
  static final String DEMO = "dev.drawbridge.demo.DemoMain";

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  int run() throws Exception {
    try {
      Object code =
          Class.forName(DEMO)
              .getMethod("run", String[].class)
              .invoke(null, (Object) args.toArray(String[]::new));
      return (Integer) code;
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new CliException(
          "this build has no demo (" + DEMO + " is missing); rebuild with ./drawbridge");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new CliException(
          "the demo failed: "
              + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
    }
  }
}
