package dev.drawbridge.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesTestTest {
  private static final String RULES =
      "title: two denials\nid: two\ncorrelation: {type: event_count, rules: [denied],"
          + " group-by: [principal], timespan: 5m, condition: {gte: 2}}\n"
          + "drawbridge: {response: [alert, lock], lock_ttl: 2h}\n---\n"
          + "title: denied\nname: denied\nlogsource: {product: drawbridge}\n"
          + "detection: {s: {event: access, decision: deny}, condition: s}\n";

  @Test
  void runsTheRuleFileOverTheEventsInOrder(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("r.yml"), RULES);
    Path events =
        Files.writeString(
            dir.resolve("e.jsonl"),
            "{\"event\":\"access\",\"time\":\"2026-11-23T10:00:00.000Z\",\"principal\":\"eve\","
                + "\"decision\":\"deny\",\"request_id\":\"a\"}\n\n"
                + "{\"event\":\"access\",\"time\":\"2026-11-23T10:01:00.000Z\",\"principal\":\"eve\","
                + "\"decision\":\"deny\",\"request_id\":\"b\"}\n");
    List<Alert> alerts = RulesTest.run(rules, events);
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.ruleId()).isEqualTo("two");
    assertThat(a.requestIds()).containsExactly("a", "b");
    assertThat(a.toJson())
        .containsKeys(
            "id",
            "time",
            "rule_id",
            "title",
            "level",
            "principal",
            "count",
            "first_time",
            "last_time",
            "request_ids",
            "response")
        .containsEntry("rule_id", "two")
        .containsEntry("first_time", "2026-11-23T10:00:00Z")
        .containsEntry("last_time", "2026-11-23T10:01:00Z")
        .containsEntry("count", 2L)
        .containsEntry("response", List.of("alert", "lock"))
        .containsEntry("lock_ttl", "PT2H");
    assertThat(RulesTest.run(rules, events).get(0).id()).isEqualTo(a.id());
  }

  @Test
  void aLineThatIsNotJsonIsNamedByNumber(@TempDir Path dir) throws Exception {
    Path rules = Files.writeString(dir.resolve("r.yml"), RULES);
    Path events =
        Files.writeString(
            dir.resolve("e.jsonl"), "{\"event\":\"access\"}\n{\"event\":\"access\"}\nnot json\n");
    assertThatThrownBy(() -> RulesTest.run(rules, events))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("e.jsonl:3:")
        .hasMessageContaining("not valid JSON");
  }
}
