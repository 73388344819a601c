package dev.drawbridge.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code drawbridge <command>}: the entry point of the application jar. */
@Command(
    name = "drawbridge",
    mixinStandardHelpOptions = true,
    version = "drawbridge 0.1.0",
    description = "Zero-trust access gateway: run it, check its config, administer it.",
    subcommands = {
      ServeCommand.class,
      CheckCommand.class,
      PolicyCommand.class,
      AuditCommand.class,
      RulesCommand.class,
      DemoCommand.class,
      QuickstartCommand.class,
      TokenCommand.class,
      CredentialsCommand.class,
      BreachCommand.class,
      LockCommand.class,
      UnlockCommand.class,
      LocksCommand.class,
      AlertsCommand.class,
      IncidentCommand.class,
      UserCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one-line usage errors (exit 2), one-line failures (exit 1). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    withHelpOptions(cl, cl.getCommandSpec().version());
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("error: " + e.getMessage());
          return 1;
        });
    return cl;
  }

  /**
   * Gives every command {@code -h/--help} (and {@code -V/--version}), which the usage errors point
   * to: a leaf command without them answered its own "see `… --help`" with "Unknown option".
   */
  private static void withHelpOptions(CommandLine cl, String[] version) {
    CommandSpec spec = cl.getCommandSpec();
    boolean help = spec.userObject() instanceof CommandLine.HelpCommand;
    if (!spec.mixinStandardHelpOptions() && !help) {
      spec.mixinStandardHelpOptions(true);
    }
    if (spec.version().length == 0) {
      spec.version(version);
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      withHelpOptions(sub, version);
    }
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    if (message != null && message.startsWith("Missing required subcommand")) {
      message =
          "missing subcommand (expected one of: "
              + String.join(
                  ", ",
                  cl.getSubcommands().keySet().stream().filter(k -> !k.equals("help")).toList())
              + ")";
    }
    err.println("error: " + message + " (see `" + name + " --help`)");
    err.flush();
    return 2;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command (e.g. `drawbridge check --config FILE`)");
  }
}
