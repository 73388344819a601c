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
      AlertCommand.class,
      IncidentCommand.class,
      UserCommand.class,
      StatusCommand.class,
      CompletionCommand.class,
      // old spellings, hidden, kept for one release: lock rm, lock ls, alert ls
      UnlockCommand.class,
      LocksCommand.class,
      AlertsCommand.class,
      ConnectCommand.class,
      LoginCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  /**
   * Top-level commands kept for one release under their old names (lock rm, lock ls, alert ls):
   * they work, but help and completion leave them out. Marked here, not on the classes, whose
   * subclasses are the new spellings.
   */
  static final java.util.List<String> OLD_SPELLINGS =
      java.util.List.of("unlock", "locks", "alerts");

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one-line usage errors (exit 2), one-line failures (exit 1). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    withHelpOptions(cl, cl.getCommandSpec().version());
    for (String old : OLD_SPELLINGS) {
      cl.getSubcommands().get(old).getCommandSpec().usageMessage().hidden(true);
    }
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
                  cl.getSubcommands().entrySet().stream()
                      .filter(
                          s ->
                              !s.getKey().equals("help")
                                  && s.getKey().equals(s.getValue().getCommandName())
                                  && !s.getValue().getCommandSpec().usageMessage().hidden())
                      .map(java.util.Map.Entry::getKey)
                      .toList())
              + ")";
    }
    if (e instanceof CommandLine.UnmatchedArgumentException u
        && !u.getUnmatched().isEmpty()
        && !u.getSuggestions().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      message =
          "unknown "
              + (arg.startsWith("-") ? "option" : "command")
              + " '"
              + arg
              + "' (did you mean "
              + String.join(" or ", u.getSuggestions().stream().limit(3).toList())
              + "?)";
    }
    String unknown = unknownOption(cl, args);
    if (unknown != null) {
      message = unknown;
    }
    err.println("error: " + message + " (see `" + name + " --help`)");
    err.flush();
    return 2;
  }

  /**
   * "unknown option '--nmae' (did you mean --name?)" for the first option word the command does not
   * know: picocli reports missing required options before unknown ones, which hides the typo.
   */
  static String unknownOption(CommandLine cl, String[] args) {
    CommandSpec spec = cl.getCommandSpec();
    for (String a : args) {
      if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
        continue;
      }
      String opt = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (spec.findOption(opt) != null || cl.getSubcommands().containsKey(opt)) {
        continue;
      }
      String best = null;
      int bestDistance = 3;
      for (CommandLine.Model.OptionSpec o : spec.options()) {
        if (o.hidden()) {
          continue;
        }
        for (String n : o.names()) {
          int d = distance(opt, n);
          if (d < bestDistance) {
            bestDistance = d;
            best = n;
          }
        }
      }
      if (best != null) {
        return "unknown option '" + opt + "' (did you mean " + best + "?)";
      }
    }
    return null;
  }

  /** Levenshtein distance, for suggestions. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command (e.g. `drawbridge check --config FILE`)");
  }
}
