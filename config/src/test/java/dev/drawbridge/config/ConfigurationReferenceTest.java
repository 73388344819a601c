package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md against the parser: every key the parser accepts (seen through {@link
 * Cursor#observer} while it reads a config with every section) and every selector has a row in the
 * reference, and every row names a key the parser accepts. A new key without its row, or a row for
 * a key that is gone, fails here.
 */
class ConfigurationReferenceTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

  static Path repositoryFile(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isDirectory(p.resolve("config"))) {
        return candidate;
      }
    }
    throw new AssertionError(name + " not found above " + Path.of("").toAbsolutePath());
  }

  /** The keys the parser accepts, as {@code server.timeouts.idle}, {@code applications[].id}. */
  static Set<String> parserKeys() throws Exception {
    Set<String> keys = new TreeSet<>();
    Cursor.observer =
        (path, allowed) -> {
          String p = path.replaceAll("\\[\\d+]", "[]");
          if (p.matches("applications\\[]\\.policies\\[]\\.(include|require|exclude)\\[]\\.time")) {
            p = "time";
          }
          for (String k : allowed) {
            keys.add(p.isEmpty() ? k : p + "." + k);
          }
        };
    try {
      Path f = Path.of(ConfigurationReferenceTest.class.getResource("/every-section.yaml").toURI());
      ConfigLoader.load(f);
    } catch (ConfigException expected) {
      // tls: {} lacks its files; the reader goes on and sees every section all the same
    } finally {
      Cursor.observer = null;
    }
    return keys;
  }

  @Test
  void everyKeyTheParserAcceptsHasARowAndEveryRowIsAKey() throws Exception {
    Set<String> parser = parserKeys();
    parser.addAll(SelectorParser.NAMES);
    String doc = Files.readString(repositoryFile("docs/CONFIGURATION.md"));
    Set<String> documented = new TreeSet<>();
    Matcher m = ROW.matcher(doc);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> missing = new TreeSet<>(parser);
    missing.removeAll(documented);
    Set<String> extra = new TreeSet<>(documented);
    extra.removeAll(parser);
    assertThat(missing).as("keys the parser accepts that docs/CONFIGURATION.md lacks").isEmpty();
    assertThat(extra).as("rows of docs/CONFIGURATION.md that the parser does not accept").isEmpty();
    assertThat(parser).contains("server.timeouts.idle", "identity.webauthn.rp_id", "time.tz");
  }
}
