package dev.drawbridge.detect;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Expands rule file globs ({@code ./rules/*.yml}, absolute or relative to the working dir). */
final class RuleFiles {
  private RuleFiles() {}

  static List<Path> expand(List<String> globs) {
    TreeSet<Path> out = new TreeSet<>();
    for (String glob : globs) {
      int wild = firstWildcard(glob);
      if (wild < 0) {
        Path p = Paths.get(glob).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException("detection.rules: no such file " + glob);
        }
        out.add(p);
        continue;
      }
      int slash = glob.lastIndexOf('/', wild);
      Path base = Paths.get(slash < 0 ? "." : glob.substring(0, Math.max(slash, 1)));
      Path absBase = base.toAbsolutePath().normalize();
      String rest = glob.substring(slash + 1);
      PathMatcher m =
          FileSystems.getDefault().getPathMatcher("glob:" + absBase.toString() + "/" + rest);
      if (!Files.isDirectory(absBase)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(absBase)) {
        files.filter(Files::isRegularFile).filter(m::matches).forEach(out::add);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "detection.rules: cannot list " + absBase + ": " + e.getMessage(), e);
      }
    }
    return new ArrayList<>(out);
  }

  private static int firstWildcard(String glob) {
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return i;
      }
    }
    return -1;
  }
}
