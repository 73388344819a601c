package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoggingConfigTest {
  private static final String APPS =
      "applications: [{id: a, hosts: [a.example], upstream: 'http://127.0.0.1:1',"
          + " policies: [{name: p, decision: allow, include: [{everyone: true}]}]}]\n";

  @Test
  void readsFormatAndLevelAndDefaultsToTextAtTheEnvironmentsLevel() throws Exception {
    DrawbridgeConfig c =
        ConfigLoader.parse("logging: {format: json, level: debug}\n" + APPS, null, k -> null);
    assertThat(c.logging().json()).isTrue();
    assertThat(c.logging().level()).isEqualTo("debug");
    DrawbridgeConfig d = ConfigLoader.parse(APPS, null, k -> null);
    assertThat(d.logging()).isEqualTo(new LoggingConfig("text", null));
  }

  @Test
  void aBadFormatOrLevelNamesTheKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse("logging: {format: xml, level: loud}\n" + APPS, null, k -> null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "logging.format: \"xml\" is not a log format (expected: text or json)")
        .hasMessageContaining("logging.level: \"loud\" is not a log level");
  }
}
