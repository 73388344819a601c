package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.IncidentReportTest.P;
import static dev.drawbridge.admin.incident.IncidentReportTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentHeadlineTest {
  static Map<String, Object> token() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", "tok_1");
    t.put("name", P);
    t.put("client_id", "c1");
    t.put("status", "active");
    t.put("owner", "okta-integration@corp.example");
    t.put("labels", Map.of("vendor", "okta"));
    t.put("created_at", T0.minusSeconds(300L * 86_400).toString());
    t.put("last_rotated_at", T0.minusSeconds(300L * 86_400).toString());
    t.put("expires_at", null);
    t.put("exposed_vendor", null);
    return t;
  }

  /** The fixture's events, a created user (201), and one legitimate use 130 days before. */
  static List<Map<String, Object>> events() {
    List<Map<String, Object>> ev = new ArrayList<>(IncidentReportTest.events());
    for (Map<String, Object> e : ev) {
      if ("/rest/api/2/user".equals(e.get("path"))) {
        e.put("status", 201);
      }
      if ("download".equals(e.get("action")) && "allow".equals(e.get("decision"))) {
        e.put("bytes_out", 1_500_000);
      }
      if ("r1".equals(e.get("request_id"))) {
        e.put("credential_idle_days", 130);
      }
    }
    Map<String, Object> legit =
        IncidentReportTest.event(0, P, "wiki", "GET", "/x", "allow", "policy_allowed", "view", "x");
    legit.put("time", T0.minusSeconds(130L * 86_400).toString());
    legit.put("src_ip", "10.20.30.40");
    ev.add(legit);
    return ev;
  }

  static Map<String, Object> report(ZoneId zone) {
    List<Map<String, Object>> locks =
        List.of(
            Map.of(
                "principal",
                P,
                "reason",
                "rule drawbridge.bulk-download",
                "created_at",
                T0.plusSeconds(6).plusMillis(3).toString(),
                "expires_at",
                T0.plusSeconds(6 + 86_400).toString()));
    return IncidentReport.compute(
        events(),
        IncidentReportTest.alerts(),
        locks,
        P,
        T0,
        T0.plusSeconds(3600),
        List.of(token()),
        zone);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> headline(Map<String, Object> r) {
    return (Map<String, Object>) r.get("headline");
  }

  @Test
  void theHeadlineListsWhatLeftWithItsBytesWhatChangedAndWhatWasDenied() {
    Map<String, Object> h = headline(report(ZoneOffset.UTC));
    assertThat(h.get("left"))
        .asList()
        .singleElement()
        .satisfies(
            m ->
                assertThat((Map<String, Object>) m)
                    .containsEntry("app", "git")
                    .containsEntry("resource", "net/a")
                    .containsEntry("downloads", 2L)
                    .containsEntry("bytes", 3_000_000L));
    assertThat(h).containsEntry("left_resources", 1L).containsEntry("left_bytes", 3_000_000L);
    assertThat(h.get("changed"))
        .asList()
        .singleElement()
        .satisfies(
            m ->
                assertThat((Map<String, Object>) m)
                    .containsEntry("method", "POST")
                    .containsEntry("path", "/rest/api/2/user")
                    .containsEntry("status", 201L));
    assertThat((Map<String, Object>) h.get("denied")).containsEntry("count", 3L);
    assertThat(h.get("time_to_detect_seconds")).isEqualTo(1.0);
    assertThat(h.get("time_to_contain_seconds")).isEqualTo(5.003);
    assertThat(h.get("sentences"))
        .asList()
        .containsExactly(
            "What left: 1 resource downloaded from git, 3.0 MB in total.",
            "What changed: 1 write or admin request succeeded: POST /rest/api/2/user on jira (201"
                + " Created) at 2026-11-23 10:00:02 UTC.",
            "Attempted and denied: 3 requests on admin, git (locked ×3).",
            "Detected 1.0 seconds after the first request, at 2026-11-23 10:00:02 UTC (rule"
                + " drawbridge.service-admin-action).",
            "Contained 5.0 seconds after the first request: the lock took effect at 2026-11-23"
                + " 10:00:06 UTC.");
  }

  @Test
  void theCredentialsContextNamesItsLabelsOwnerIdleDaysAndNetworksBeforeAndDuring() {
    Map<String, Object> r = report(ZoneOffset.UTC);
    assertThat(((Map<?, ?>) r.get("counts")).get("requests")).isEqualTo(9L);
    @SuppressWarnings("unchecked")
    Map<String, Object> c = ((List<Map<String, Object>>) r.get("credential_context")).get(0);
    assertThat(c)
        .containsEntry("name", P)
        .containsEntry("owner", "okta-integration@corp.example")
        .containsEntry("labels", Map.of("vendor", "okta"))
        .containsEntry("idle_days_before", 130L)
        .containsEntry("last_use_before", T0.minusSeconds(130L * 86_400).toString());
    assertThat(c.get("networks_before"))
        .asList()
        .extracting(n -> (Object) ((Map<?, ?>) n).get("network"))
        .containsExactly((Object) "10.20.30.0/24");
    assertThat(c.get("networks_during"))
        .asList()
        .extracting(
            n -> (Object) (((Map<?, ?>) n).get("network") + " new=" + ((Map<?, ?>) n).get("new")))
        .containsExactly((Object) "10.0.0.0/24 new=true", "198.51.100.0/24 new=true");
  }

  @Test
  void nextStepsCarryTheExactCommandsAndTheLockExpiry() {
    Map<String, Object> r = report(ZoneOffset.UTC);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> steps = (List<Map<String, Object>>) r.get("next_steps");
    assertThat(steps)
        .extracting(s -> s.get("command"))
        .containsExactly(
            "drawbridge token revoke svc-okta-sync",
            "drawbridge audit query --principal svc-okta-sync --app jira --decision allow --since "
                + T0.plusSeconds(1),
            "drawbridge breach declare --vendor okta --since 2026-11-23");
    assertThat(steps.get(0).get("detail").toString())
        .contains("expires at 2026-11-24 10:00:06 UTC", "okta-integration@corp.example");
    assertThat(steps.get(1).get("detail").toString())
        .startsWith("1 request created something on jira (POST /rest/api/2/user)");
    assertThat(steps.get(0).get("alternative"))
        .isEqualTo("drawbridge token rotate svc-okta-sync --grace 0s");
  }

  @Test
  void aRevokedCredentialOrADeclaredBreachIsNotRecommendedAgain() {
    Map<String, Object> t = token();
    t.put("status", "revoked");
    t.put("exposed_vendor", "okta");
    Map<String, Object> r =
        IncidentReport.compute(
            events(),
            List.of(),
            List.of(),
            P,
            T0,
            T0.plusSeconds(3600),
            List.of(t),
            ZoneOffset.UTC);
    assertThat((List<?>) r.get("next_steps"))
        .extracting(s -> (Object) ((Map<?, ?>) s).get("action"))
        .containsExactly((Object) "review_created");
  }

  @Test
  void aChosenZoneRewordsEveryTimeOfTheReport() {
    Map<String, Object> r = report(ZoneId.of("Europe/Berlin"));
    assertThat(r.get("zone")).isEqualTo("Europe/Berlin");
    String md = IncidentReport.markdown(r);
    assertThat(md)
        .contains("Lock took effect: 2026-11-23 11:00:06 Europe/Berlin (UTC+01:00)")
        .contains("the lock took effect at 2026-11-23 11:00:06 Europe/Berlin")
        .doesNotContain("10:00:06");
    assertThatThrownBy(() -> Humane.zone("Mars/Olympus"))
        .hasMessageContaining("tz: \"Mars/Olympus\" is not a time zone");
  }

  @Test
  void theHtmlLeadsWithTheHeadlineAndKeepsTheLockLabelInsideTheChart() {
    String html = IncidentReport.html(report(ZoneOffset.UTC));
    assertThat(html.indexOf("What left: 1 resource")).isLessThan(html.indexOf("<svg"));
    assertThat(html.indexOf("drawbridge token revoke svc-okta-sync"))
        .isLessThan(html.indexOf("<svg"));
    // the lock is near the right edge of its window: its label is anchored at its end, inside
    String label =
        html.substring(
            html.indexOf("<text class=\"lock-label\""), html.indexOf("lock took effect 2"));
    assertThat(label).contains("text-anchor=\"end\"");
    assertThat(html).contains("3.0 MB", "&#9670; downloaded").doesNotContain("T10:00:06.003Z</td>");
  }

  @Test
  void sizesAndDurationsReadAsWords() {
    assertThat(Humane.bytes(512)).isEqualTo("512 B");
    assertThat(Humane.bytes(102_404)).isEqualTo("102.4 kB");
    assertThat(Humane.bytes(3_100_000_000L)).isEqualTo("3.1 GB");
    assertThat(Humane.duration(java.time.Duration.ofMillis(9_100))).isEqualTo("9.1 seconds");
    assertThat(Humane.duration(java.time.Duration.ofSeconds(252)))
        .isEqualTo("4 minutes 12 seconds");
    assertThat(Humane.duration(java.time.Duration.ofDays(9))).isEqualTo("9 days");
    assertThat(Humane.time(Instant.parse("2026-12-06T05:35:39.780985259Z"), ZoneOffset.UTC))
        .isEqualTo("2026-12-06 05:35:39 UTC");
  }

  @Test
  void aPrincipalWithoutACredentialToRevokeIsKeptLocked() {
    Map<String, Object> lock =
        Map.of(
            "principal", P,
            "created_at", T0.plusSeconds(6).toString(),
            "expires_at", T0.plusSeconds(86_400).toString());
    Map<String, Object> r =
        IncidentReport.compute(
            events(),
            List.of(),
            List.of(lock),
            P,
            T0,
            T0.plusSeconds(3600),
            List.of(),
            ZoneOffset.UTC);
    @SuppressWarnings("unchecked")
    Map<String, Object> first = ((List<Map<String, Object>>) r.get("next_steps")).get(0);
    assertThat(first)
        .containsEntry("action", "extend_lock")
        .containsEntry(
            "command",
            "drawbridge lock --principal svc-okta-sync --reason \"incident under investigation\""
                + " --ttl 7d");
    assertThat(first.get("detail").toString()).contains("expires at 2026-11-24 10:00:00 UTC");
  }
}
