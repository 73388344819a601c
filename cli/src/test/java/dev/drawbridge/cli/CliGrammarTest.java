package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.cli.Cli.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command line's grammar, walked over every command: each command and each option and parameter
 * has a description; the noun-then-verb spellings exist beside their old aliases; a typo gets a
 * suggestion; the completion script is generated.
 */
class CliGrammarTest {
  private static void walk(CommandLine cl, List<CommandSpec> into) {
    into.add(cl.getCommandSpec());
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help") && name.equals(sub.getCommandName())) {
                walk(sub, into);
              }
            });
  }

  @Test
  void everyCommandOptionAndParameterHasADescription() {
    List<CommandSpec> all = new ArrayList<>();
    walk(Main.commandLine(), all);
    List<String> missing = new ArrayList<>();
    for (CommandSpec c : all) {
      if (c.usageMessage().description().length == 0) {
        missing.add(c.qualifiedName() + " (command)");
      }
      if (c.findOption("--json") != null && c.findOption("-o") == null) {
        missing.add(c.qualifiedName() + " -o (beside --json)");
      }
      for (OptionSpec o : c.options()) {
        if (o.description().length == 0 || o.description()[0].isBlank()) {
          missing.add(c.qualifiedName() + " " + o.longestName());
        }
      }
      for (PositionalParamSpec p : c.positionalParameters()) {
        if (p.description().length == 0 || p.description()[0].isBlank()) {
          missing.add(c.qualifiedName() + " " + p.paramLabel());
        }
      }
    }
    assertThat(all.size()).isGreaterThan(25);
    assertThat(missing)
        .as("commands and options without help text, and --json without -o")
        .isEmpty();
  }

  @Test
  void nounThenVerbSpellingsExistBesideTheOldOnes() {
    for (String[] words :
        List.of(
            new String[] {"lock", "add"},
            new String[] {"lock", "rm"},
            new String[] {"lock", "ls"},
            new String[] {"alert", "ls"},
            new String[] {"token", "ls"},
            new String[] {"token", "list"},
            new String[] {"locks"},
            new String[] {"alerts"},
            new String[] {"unlock"},
            new String[] {"completion"},
            new String[] {"status"})) {
      String[] help = java.util.Arrays.copyOf(words, words.length + 1);
      help[words.length] = "--help";
      Result r = Cli.run(help);
      assertThat(r.code()).as(String.join(" ", words) + ": " + r.err()).isZero();
    }
  }

  @Test
  void helpShowsTheNewSpellingsAndHidesTheOld() {
    assertThat(Cli.run("lock", "--help").out())
        .contains("add ")
        .contains("rm, remove")
        .contains("ls, list");
    assertThat(Cli.run("--help").out())
        .contains("alert ")
        .doesNotContain("unlock")
        .doesNotContain(" locks ");
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    Result r = Cli.run("tokn", "ls");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("did you mean").contains("token");
    Result o = Cli.run("token", "create", "--nmae", "x");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("did you mean").contains("--name");
  }

  @Test
  void generatesABashCompletionScriptThatKnowsTheCommands() {
    Result r = Cli.run("completion", "bash");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("complete -F").contains("drawbridge").contains("quickstart");
  }
}
