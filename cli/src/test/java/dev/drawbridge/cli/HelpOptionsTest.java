package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.cli.Cli.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every usage error ends with "see `drawbridge … --help`", so every command must answer {@code
 * --help} with its usage (exit 0) — before, the leaf commands (e.g. {@code token rotate}, {@code
 * audit verify}) answered it with "Unknown option" or a missing required option — and {@code -V}
 * with the version.
 */
class HelpOptionsTest {
  private static void commands(CommandLine cl, List<String[]> into) {
    into.add(cl.getCommandSpec().qualifiedName(" ").split(" "));
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                commands(sub, into);
              }
            });
  }

  @Test
  void everyCommandAnswersHelpWithItsUsageAndVersionWithTheVersion() {
    List<String[]> all = new ArrayList<>();
    commands(Main.commandLine(), all);
    assertThat(all.size()).as("commands found").isGreaterThan(25);
    for (String[] path : all) {
      String[] words = java.util.Arrays.copyOfRange(path, 1, path.length);
      String name = String.join(" ", path);
      String[] help = java.util.Arrays.copyOf(words, words.length + 1);
      help[words.length] = "--help";
      Result r = Cli.run(help);
      assertThat(r.code()).as(name + " --help: " + r.err()).isZero();
      assertThat(r.out()).as(name + " --help").startsWith("Usage: " + name);
      help[words.length] = "-V";
      Result v = Cli.run(help);
      assertThat(v.code()).as(name + " -V").isZero();
      assertThat(v.out().trim()).as(name + " -V").isEqualTo("drawbridge 0.1.0");
    }
  }
}
