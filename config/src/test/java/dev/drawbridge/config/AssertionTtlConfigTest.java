package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AssertionTtlConfigTest {
  private static final String APP =
      """
      applications:
        - id: git
          hosts: [git.corp.example]
          upstream: http://10.1.2.3:7990
      """;

  @Test
  void defaultsToFiveMinutesAsSpecSection4Says() throws Exception {
    assertThat(Yaml.parse(APP).identity().assertionTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(Yaml.parse("identity: {local_users: false}\n" + APP).identity().assertionTtl())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void readsTheConfiguredLifetime() throws Exception {
    assertThat(Yaml.parse("identity: {assertion_ttl: 2m}\n" + APP).identity().assertionTtl())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void namesTheKeyOfALifetimeOutOfRangeOrNotADuration() {
    assertThat(Yaml.problems("identity: {assertion_ttl: 5s}\n" + APP))
        .containsExactly(
            "identity.assertion_ttl: \"5s\" is out of range (expected: a duration from 10s to"
                + " 24h)");
    assertThat(Yaml.problems("identity: {assertion_ttl: 2d}\n" + APP))
        .containsExactly(
            "identity.assertion_ttl: \"2d\" is out of range (expected: a duration from 10s to"
                + " 24h)");
    assertThat(Yaml.problems("identity: {assertion_ttl: soon}\n" + APP))
        .singleElement()
        .asString()
        .startsWith("identity.assertion_ttl: \"soon\" is not a duration");
  }
}
