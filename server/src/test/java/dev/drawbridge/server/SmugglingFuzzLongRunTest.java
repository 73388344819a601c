package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long run of the differential fuzzer ({@link SmugglingFuzzTest} is the bounded one): runs for
 * {@code -Ddrawbridge.fuzz.minutes=N} minutes and prints the counts. Run by {@code
 * bench/smuggling-fuzz.sh}; skipped unless the property is set.
 */
class SmugglingFuzzLongRunTest {
  @Test
  @EnabledIfSystemProperty(named = "drawbridge.fuzz.minutes", matches = "\\d+")
  void noViolationForTheWholeRun() throws Exception {
    long minutes = Long.parseLong(System.getProperty("drawbridge.fuzz.minutes"));
    long until = System.nanoTime() + minutes * 60_000_000_000L;
    List<String> violations = new ArrayList<>();
    try (SmugglingDifferential diff = new SmugglingDifferential()) {
      Iterator<List<String>> gen = SmugglingRequests.pipeline().sampleStream().iterator();
      long next = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < until && violations.size() < 20) {
        violations.addAll(diff.run(gen.next()));
        if (System.nanoTime() > next) {
          System.out.println(diff.summary());
          next += 60_000_000_000L;
        }
      }
      System.out.println("final: " + diff.summary());
    }
    assertThat(violations).isEmpty();
  }
}
