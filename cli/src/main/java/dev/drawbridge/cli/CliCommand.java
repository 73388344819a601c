package dev.drawbridge.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every runnable command: output goes to the command line's writers (so tests capture it),
 * and a {@link CliException} becomes one {@code error:} line and its exit code.
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Does the work; returns the exit code. */
  abstract int run() throws Exception;

  @Override
  public final Integer call() {
    try {
      int code = run();
      out().flush();
      return code;
    } catch (CliException e) {
      out().flush();
      err().println("error: " + e.getMessage());
      err().flush();
      return e.exitCode;
    } catch (Exception e) {
      out().flush();
      err()
          .println(
              "error: "
                  + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                  + " (unexpected; please report it with the command you ran)");
      err().flush();
      return 1;
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** {@code drawbridge token create}, for messages. */
  String commandName() {
    return spec.qualifiedName();
  }
}
