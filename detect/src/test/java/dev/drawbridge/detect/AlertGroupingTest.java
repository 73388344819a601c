package dev.drawbridge.detect;

import static dev.drawbridge.detect.Events.access;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.DetectionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A correlation that keeps firing for one principal within its timespan updates one alert. */
class AlertGroupingTest {
  private final DetectionEngine engine =
      new DetectionEngine(BuiltinRules.load(DetectionConfig.defaults()), EngineLimits.defaults());

  private List<Alert> touch(String principal, int from, int to, long startSecond, long step) {
    List<Alert> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Map<String, Object> e =
          access(
              startSecond + (i - from) * step,
              "principal",
              principal,
              "app",
              "git",
              "resource",
              "repo-" + i);
      for (Alert a : engine.onEvent(e)) {
        if (a.ruleId().equals("drawbridge.bulk-resource-access")) {
          out.add(a);
        }
      }
    }
    return out;
  }

  @Test
  void bulkResourceAccessFiringAgainUpdatesOneAlertWhoseCountGrows() {
    List<Alert> alerts = touch("mallory", 0, 75, 0, 10);
    assertThat(alerts).hasSize(3);
    assertThat(alerts).extracting(Alert::id).containsOnly(alerts.get(0).id());
    assertThat(alerts).extracting(Alert::count).containsExactly(25L, 50L, 75L);
    assertThat(alerts).extracting(Alert::updates).containsExactly(0, 1, 2);
    assertThat(alerts.get(0).isUpdate()).isFalse();
    assertThat(alerts.get(2).isUpdate()).isTrue();
    assertThat(alerts).extracting(Alert::firstTime).containsOnly(Events.T0);
    assertThat(alerts).extracting(Alert::time).containsOnly(alerts.get(0).time());
    assertThat(alerts.get(2).lastTime()).isEqualTo(Events.T0.plusSeconds(740));
    assertThat(alerts.get(1).lastTime()).isBefore(alerts.get(2).lastTime());
    assertThat(alerts.get(2).requestIds()).hasSize(20).doesNotHaveDuplicates();
    assertThat(alerts.get(2).toJson()).containsEntry("updates", 2).containsEntry("count", 75L);
    assertThat(alerts.get(0).toJson()).doesNotContainKey("updates");
  }

  @Test
  void theUpdatedAlertCarriesTheNewestRequestIds() {
    List<Alert> alerts = touch("mallory", 0, 50, 0, 10);
    assertThat(alerts).hasSize(2);
    // the second firing's request ids are newer than all of the first's
    assertThat(alerts.get(1).requestIds()).doesNotContainAnyElementsOf(alerts.get(0).requestIds());
  }

  @Test
  void aFiringMoreThanATimespanAfterTheLastRaisesANewAlert() {
    List<Alert> first = touch("mallory", 0, 25, 0, 10);
    long later = 240 + Duration.ofHours(1).toSeconds() + 60;
    List<Alert> second = touch("mallory", 100, 125, later, 10);
    assertThat(first).hasSize(1);
    assertThat(second).hasSize(1);
    assertThat(second.get(0).id()).isNotEqualTo(first.get(0).id());
    assertThat(second.get(0).count()).isEqualTo(25);
    assertThat(second.get(0).isUpdate()).isFalse();
  }

  @Test
  void eachPrincipalHasItsOwnAlert() {
    List<Alert> a = touch("mallory", 0, 25, 0, 10);
    List<Alert> b = touch("trudy", 0, 25, 300, 10);
    List<Alert> a2 = touch("mallory", 25, 50, 600, 10);
    assertThat(b.get(0).id()).isNotEqualTo(a.get(0).id());
    assertThat(b.get(0).isUpdate()).isFalse();
    assertThat(a2.get(0).id()).isEqualTo(a.get(0).id());
    assertThat(a2.get(0).count()).isEqualTo(50);
    assertThat(engine.openAlerts("drawbridge.bulk-resource-access")).isEqualTo(2);
  }

  @Test
  void openAlertsAreBoundedByTheGroupLimit() {
    DetectionEngine small =
        new DetectionEngine(
            BuiltinRules.load(DetectionConfig.defaults()), new EngineLimits(2, 10_000));
    for (String p : List.of("a", "b", "c")) {
      for (int i = 0; i < 25; i++) {
        small.onEvent(access(i, "principal", p, "resource", "r" + i));
      }
    }
    assertThat(small.openAlerts("drawbridge.bulk-resource-access")).isEqualTo(2);
  }
}
