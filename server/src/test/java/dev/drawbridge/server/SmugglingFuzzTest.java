package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue #21's differential fuzzer, bounded for CI: generated raw request sequences through a real
 * gateway, every request the upstream parses checked against the audit log ({@link
 * SmugglingDifferential}): 1,000 sequences (about a minute); the long run is {@code
 * bench/smuggling-fuzz.sh}.
 */
class SmugglingFuzzTest {
  static SmugglingDifferential diff;

  @BeforeContainer
  static void start() throws Exception {
    diff = new SmugglingDifferential();
  }

  @AfterContainer
  static void stop() {
    if (diff != null) {
      System.out.println(diff.summary());
      diff.close();
    }
  }

  @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
  void everyRequestTheUpstreamParsesWasDecidedAsSent(@ForAll("pipelines") List<String> pipeline)
      throws Exception {
    assertThat(diff.run(pipeline)).isEmpty();
  }

  @Provide
  Arbitrary<List<String>> pipelines() {
    return SmugglingRequests.pipeline();
  }
}
