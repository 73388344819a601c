package dev.drawbridge.detect;

import static dev.drawbridge.detect.Events.access;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.DetectionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TunnelFanOutRuleTest {
  private final DetectionEngine engine =
      new DetectionEngine(BuiltinRules.load(DetectionConfig.defaults()), EngineLimits.defaults());

  private List<String> feed(List<Map<String, Object>> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> engine.onEvent(e).forEach(a -> out.add(a.ruleId())));
    return out;
  }

  private static List<Map<String, Object>> tunnels(int apps, String action) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      out.add(
          access(
              i * 60L,
              "principal",
              "ops-bot",
              "principal_type",
              "service",
              "app",
              "db-" + i,
              "action",
              action,
              "method",
              "CONNECT",
              "path",
              "/"));
    }
    return out;
  }

  @Test
  void firesWhenOnePrincipalOpensTunnelsToFiveDistinctApplications() {
    assertThat(feed(tunnels(5, "connect"))).containsExactly("drawbridge.tunnel-fan-out");
  }

  @Test
  void staysQuietAtFourApplicationsAndForOrdinaryRequests() {
    assertThat(feed(tunnels(4, "connect"))).isEmpty();
    assertThat(feed(tunnels(5, "view"))).doesNotContain("drawbridge.tunnel-fan-out");
  }
}
