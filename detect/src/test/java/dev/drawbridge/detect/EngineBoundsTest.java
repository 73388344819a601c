package dev.drawbridge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.DetectionConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineBoundsTest {
  @Test
  void defaultCapIsOneHundredThousandGroupsPerRule() {
    assertThat(EngineLimits.defaults().maxGroupsPerRule()).isEqualTo(100_000);
  }

  /**
   * A million distinct principals through the whole built-in pack. The cap is 10,000 here so the
   * test runs in seconds (evicted groups die young); the bound works the same at 100,000.
   */
  @Test
  void groupCountStaysAtTheCapWithAMillionDistinctPrincipals() {
    DetectionEngine engine =
        new DetectionEngine(
            BuiltinRules.load(DetectionConfig.defaults()), new EngineLimits(10_000, 10_000));
    Map<String, Object> e = new HashMap<>();
    e.put("event", "access");
    e.put("decision", "deny");
    e.put("principal_type", "user");
    e.put("app", "git");
    e.put("resource", "net/edge");
    String[] times = new String[60];
    for (int s = 0; s < 60; s++) {
      times[s] = "2026-11-23T10:00:" + (s < 10 ? "0" : "") + s + "Z";
    }
    int alerts = 0;
    for (int i = 0; i < 1_000_000; i++) {
      e.put("principal", "user-" + i);
      // all within one minute, so no group expires: only the cap bounds the tables
      e.put("time", times[i / 16_667]);
      e.put("request_id", "r" + i);
      alerts += engine.onEvent(e).size();
    }
    assertThat(alerts).isZero();
    assertThat(engine.groupCount("drawbridge.denied-burst")).isEqualTo(10_000);
    assertThat(engine.groupCount("drawbridge.lateral-movement")).isEqualTo(10_000);
    assertThat(engine.groupCount("drawbridge.bulk-resource-access")).isEqualTo(10_000);
    assertThat(engine.evictions()).isEqualTo(3L * 990_000);
  }

  @Test
  void expiredGroupsAreDroppedAsTimeMovesOn() {
    DetectionEngine engine =
        new DetectionEngine(BuiltinRules.load(DetectionConfig.defaults()), EngineLimits.defaults());
    for (int i = 0; i < 1000; i++) {
      engine.onEvent(Events.access(i * 60, "principal", "p" + i, "decision", "deny", "app", "git"));
    }
    // 5 min window, one event a minute: only the last few groups of denied-burst are alive
    assertThat(engine.groupCount("drawbridge.denied-burst")).isLessThanOrEqualTo(10);
    assertThat(engine.evictions()).isZero();
  }

  @Test
  void eventsWithoutATimeAreSkipped() {
    DetectionEngine engine =
        new DetectionEngine(BuiltinRules.load(DetectionConfig.defaults()), EngineLimits.defaults());
    Map<String, Object> e = Events.access(0, "principal", "p", "credential_idle_days", 40);
    e.put("time", "yesterday");
    assertThat(engine.onEvent(e)).isEmpty();
    assertThat(engine.skippedEvents()).isEqualTo(1);
  }
}
