package dev.drawbridge.detect;

import static dev.drawbridge.detect.Events.access;
import static dev.drawbridge.detect.Events.engine;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The examples of the Sigma correlation rules specification 2.0 ("Correlation Types" and
 * "Examples"), translated to Drawbridge field names: ComputerName → app, WorkstationName → src_ip,
 * User → principal, failed login → denied access, successful login → allowed access.
 */
class CorrelationConformanceTest {
  private static final String DENIED =
      "title: Single failed login\nid: 5638f7c0-ac70-491d-8465-2a65075e0d86\nname: failed_login\n"
          + "logsource: {product: drawbridge}\n"
          + "detection:\n  selection: {event: access, decision: deny}\n  condition: selection\n";

  private static List<Alert> feed(DetectionEngine e, List<Map<String, Object>> events) {
    List<Alert> out = new ArrayList<>();
    events.forEach(ev -> out.addAll(e.onEvent(ev)));
    return out;
  }

  @Test
  void eventCountManyFailedLoginsToOneHostInAnHour() {
    String yaml =
        "title: Many failed logins\nid: 0e95725d-7320-415d-80f7-004da920fc11\n"
            + "correlation:\n  type: event_count\n  rules:\n"
            + "    - 5638f7c0-ac70-491d-8465-2a65075e0d86\n"
            + "  group-by:\n    - app\n  timespan: 1h\n  condition:\n    gte: 100\n---\n"
            + DENIED;
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      events.add(access(i * 30, "app", "git", "principal", "u" + i, "decision", "deny"));
      events.add(access(i * 30, "app", "wiki", "principal", "u" + i, "decision", "deny"));
    }
    DetectionEngine e = engine(yaml);
    assertThat(feed(e, events)).isEmpty();
    List<Alert> alerts =
        e.onEvent(access(3000, "app", "git", "principal", "u99", "decision", "deny"));
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).ruleId()).isEqualTo("0e95725d-7320-415d-80f7-004da920fc11");
    assertThat(alerts.get(0).count()).isEqualTo(100);
    assertThat(alerts.get(0).title()).isEqualTo("Many failed logins");
  }

  @Test
  void valueCountManyUsersPerSourceAndDestinationInADay() {
    String yaml =
        "title: Failed login\nid: 0e95725d-7320-415d-80f7-004da920fc12\n"
            + "correlation:\n  type: value_count\n  rules:\n"
            + "    - 5638f7c0-ac70-491d-8465-2a65075e0d86\n"
            + "  group-by:\n    - app\n    - src_ip\n  timespan: 1d\n"
            + "  condition:\n    field: principal\n    gte: 100\n---\n"
            + DENIED;
    DetectionEngine e = engine(yaml);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      events.add(
          access(
              i * 60,
              "app",
              "git",
              "src_ip",
              "198.51.100.7",
              "principal",
              "u" + i,
              "decision",
              "deny"));
      // the same user again does not add a distinct value
      events.add(
          access(
              i * 60,
              "app",
              "git",
              "src_ip",
              "198.51.100.7",
              "principal",
              "u0",
              "decision",
              "deny"));
    }
    assertThat(feed(e, events)).isEmpty();
    // the 100th user from another source is another group
    assertThat(
            e.onEvent(
                access(
                    7000,
                    "app",
                    "git",
                    "src_ip",
                    "203.0.113.9",
                    "principal",
                    "u99",
                    "decision",
                    "deny")))
        .isEmpty();
    List<Alert> alerts =
        e.onEvent(
            access(
                7001,
                "app",
                "git",
                "src_ip",
                "198.51.100.7",
                "principal",
                "u99",
                "decision",
                "deny"));
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).count()).isEqualTo(100);
    assertThat(alerts.get(0).requestIds()).hasSize(20);
  }

  private static final String RECON =
      "title: recon\nid: recon\ncorrelation:\n  type: temporal\n"
          + "  rules:\n    - recon_cmd_a\n    - recon_cmd_b\n    - recon_cmd_c\n"
          + "  group-by:\n    - app\n    - principal\n  timespan: 5m\n"
          + "---\ntitle: a\nname: recon_cmd_a\nlogsource: {product: drawbridge}\n"
          + "detection: {sel: {path|endswith: /admin/users}, condition: sel}\n"
          + "---\ntitle: b\nname: recon_cmd_b\nlogsource: {product: drawbridge}\n"
          + "detection: {sel: {path|endswith: /admin/groups}, condition: sel}\n"
          + "---\ntitle: c\nname: recon_cmd_c\nlogsource: {product: drawbridge}\n"
          + "detection: {sel: {path|endswith: /admin/permissions}, condition: sel}\n";

  @Test
  void temporalThreeReconRulesInAnyOrderWithinFiveMinutes() {
    DetectionEngine e = engine(RECON);
    List<Alert> alerts =
        feed(
            e,
            List.of(
                access(0, "app", "git", "principal", "eve", "path", "/admin/permissions"),
                access(60, "app", "git", "principal", "eve", "path", "/admin/users"),
                access(61, "app", "wiki", "principal", "eve", "path", "/admin/groups"),
                access(62, "app", "git", "principal", "bob", "path", "/admin/groups"),
                access(120, "app", "git", "principal", "eve", "path", "/admin/groups")));
    assertThat(alerts).extracting(Alert::ruleId).containsExactly("recon");
    assertThat(alerts.get(0).count()).isEqualTo(3);
    assertThat(alerts.get(0).firstTime()).isEqualTo(Events.T0);
    assertThat(alerts.get(0).requestIds()).hasSize(3);
  }

  @Test
  void temporalStaysQuietWhenOneRuleFallsOutOfTheWindow() {
    DetectionEngine e = engine(RECON);
    assertThat(
            feed(
                e,
                List.of(
                    access(0, "app", "git", "principal", "eve", "path", "/admin/permissions"),
                    access(200, "app", "git", "principal", "eve", "path", "/admin/users"),
                    access(301, "app", "git", "principal", "eve", "path", "/admin/groups"))))
        .isEmpty();
  }

  /** The spec's complete example: multiple failed logins followed by a successful login. */
  private static final String BRUTE_FORCE =
      "title: Correlation - Multiple Failed Logins Followed by Successful Login\n"
          + "id: b180ead8-d58f-40b2-ae54-c8940995b9b6\nstatus: experimental\nlevel: high\n"
          + "correlation:\n  type: temporal_ordered\n  rules:\n    - multiple_failed_login\n"
          + "    - successful_login\n  group-by:\n    - principal\n  timespan: 10m\n"
          + "falsepositives:\n    - Unlikely\n"
          + "---\ntitle: Multiple failed logons\nid: a8418a5a-5fc4-46b5-b23b-6c73beb19d41\n"
          + "name: multiple_failed_login\ncorrelation:\n  type: event_count\n"
          + "  rules:\n    - failed_login\n  group-by:\n    - principal\n  timespan: 10m\n"
          + "  condition:\n    gte: 10\n"
          + "---\n"
          + DENIED
          + "---\ntitle: Successful login\nid: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8\n"
          + "name: successful_login\nlogsource: {product: drawbridge}\n"
          + "detection:\n  selection: {event: access, decision: allow}\n  condition: selection\n";

  @Test
  void temporalOrderedChainedFailedLoginsThenSuccessFires() {
    DetectionEngine e = engine(BRUTE_FORCE);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(access(i * 10, "principal", "ana", "decision", "deny"));
    }
    events.add(access(200, "principal", "ana", "decision", "allow"));
    List<Alert> alerts = feed(e, events);
    // generate is false: neither the failed-login rule nor the inner correlation alert on their own
    assertThat(alerts)
        .extracting(Alert::ruleId)
        .containsExactly("b180ead8-d58f-40b2-ae54-c8940995b9b6");
    assertThat(alerts.get(0).level()).isEqualTo("high");
    assertThat(alerts.get(0).principal()).isEqualTo("ana");
    assertThat(alerts.get(0).firstTime()).isEqualTo(Events.T0.plusSeconds(90));
    assertThat(alerts.get(0).lastTime()).isEqualTo(Events.T0.plusSeconds(200));
  }

  @Test
  void temporalOrderedStaysQuietWhenTheSuccessCameFirst() {
    DetectionEngine e = engine(BRUTE_FORCE);
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(access(0, "principal", "ana", "decision", "allow"));
    for (int i = 0; i < 10; i++) {
      events.add(access(10 + i * 10, "principal", "ana", "decision", "deny"));
    }
    assertThat(feed(e, events)).isEmpty();
  }

  @Test
  void temporalOrderedStaysQuietWhenTheSuccessIsTooLate() {
    DetectionEngine e = engine(BRUTE_FORCE);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(access(i, "principal", "ana", "decision", "deny"));
    }
    events.add(access(9 + 601, "principal", "ana", "decision", "allow"));
    assertThat(feed(e, events)).isEmpty();
  }

  private static final String TWO_IN_A_MINUTE =
      "title: two\nid: two\ncorrelation: {type: event_count, rules: [failed_login],"
          + " group-by: [principal], timespan: 1m, condition: {gte: 2}}\n---\n"
          + DENIED;

  @Test
  void windowIncludesAMatchExactlyOneTimespanEarlier() {
    DetectionEngine e = engine(TWO_IN_A_MINUTE);
    assertThat(e.onEvent(access(0, "principal", "p", "decision", "deny"))).isEmpty();
    assertThat(e.onEvent(access(60, "principal", "p", "decision", "deny"))).hasSize(1);
  }

  @Test
  void windowExcludesAMatchOneMillisecondMoreThanATimespanEarlier() {
    DetectionEngine e = engine(TWO_IN_A_MINUTE);
    Map<String, Object> late = access(0, "principal", "p", "decision", "deny");
    late.put("time", Instant.parse("2026-11-23T10:01:00.001Z").toString());
    assertThat(e.onEvent(access(0, "principal", "p", "decision", "deny"))).isEmpty();
    assertThat(e.onEvent(late)).isEmpty();
  }

  @Test
  void aFiredGroupStartsCountingAfresh() {
    DetectionEngine e = engine(TWO_IN_A_MINUTE);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(access(i, "principal", "p", "decision", "deny"));
    }
    // 2nd and 4th fire; 3rd and 5th start a new count
    assertThat(feed(e, events)).hasSize(2);
  }

  @Test
  void generateTrueLetsReferencedRulesAlertToo() {
    String yaml =
        TWO_IN_A_MINUTE.replace("condition: {gte: 2}}", "condition: {gte: 2}}\ngenerate: true");
    DetectionEngine e = engine(yaml);
    assertThat(e.onEvent(access(0, "principal", "p", "decision", "deny")))
        .extracting(Alert::ruleId)
        .containsExactly("5638f7c0-ac70-491d-8465-2a65075e0d86");
    assertThat(e.onEvent(access(1, "principal", "p", "decision", "deny")))
        .extracting(Alert::ruleId)
        .containsExactly("5638f7c0-ac70-491d-8465-2a65075e0d86", "two");
  }

  @Test
  void rangeConditionsAreAnded() {
    String yaml =
        "title: r\nid: r\ncorrelation: {type: event_count, rules: [failed_login],"
            + " group-by: [principal], timespan: 1h, condition: {gt: 2, lte: 3}}\n---\n"
            + DENIED;
    DetectionEngine e = engine(yaml);
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alerts.addAll(e.onEvent(access(i, "principal", "p", "decision", "deny")));
    }
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).count()).isEqualTo(3);
  }

  @Test
  void correlationWithoutGroupByCountsAllEventsTogether() {
    String yaml =
        "title: r\nid: r\ncorrelation: {type: value_count, rules: [failed_login],"
            + " timespan: 1h, condition: {field: principal, gte: 3}}\n---\n"
            + DENIED;
    DetectionEngine e = engine(yaml);
    e.onEvent(access(0, "principal", "a", "decision", "deny"));
    e.onEvent(access(1, "principal", "b", "decision", "deny"));
    assertThat(e.onEvent(access(2, "principal", "c", "decision", "deny"))).hasSize(1);
  }

  private static final String PER_SOURCE =
      "title: many principals from one address\nid: per-source\n"
          + "correlation:\n  type: value_count\n  rules:\n    - denied\n"
          + "  group-by:\n    - src_ip\n  timespan: 10m\n"
          + "  condition:\n    field: principal\n    gte: 3\n"
          + "drawbridge:\n  response: [alert, lock]\n---\n"
          + "title: denied\nid: denied\nlogsource: {product: drawbridge}\n"
          + "detection:\n  sel: {event: access, decision: deny}\n  condition: sel\n";

  @Test
  void correlationNotGroupedByPrincipalNamesNoPrincipal() {
    // three principals from one address: the last one to send a request is not the culprit
    DetectionEngine e = engine(PER_SOURCE);
    List<Alert> alerts = new ArrayList<>();
    for (String who : List.of("ana", "bob", "carol")) {
      alerts.addAll(
          e.onEvent(access(0, "principal", who, "src_ip", "198.51.100.9", "decision", "deny")));
    }
    assertThat(alerts).extracting(Alert::ruleId).containsExactly("per-source");
    assertThat(alerts.get(0).locks()).isTrue();
    assertThat(alerts.get(0).principal()).isNull();
    assertThat(alerts.get(0).toJson()).containsEntry("principal", null);
  }

  @Test
  void correlationGroupedByPrincipalAndMoreNamesTheGroupsPrincipal() {
    DetectionEngine e =
        engine(
            PER_SOURCE
                .replace("    - src_ip\n", "    - src_ip\n    - principal\n")
                .replace("field: principal", "field: app"));
    List<Alert> alerts = new ArrayList<>();
    for (String app : List.of("git", "wiki", "jira")) {
      alerts.addAll(
          e.onEvent(
              access(
                  0,
                  "principal",
                  "bob",
                  "src_ip",
                  "198.51.100.9",
                  "app",
                  app,
                  "decision",
                  "deny")));
    }
    assertThat(alerts).extracting(Alert::ruleId).containsExactly("per-source");
    assertThat(alerts.get(0).principal()).isEqualTo("bob");
  }
}
