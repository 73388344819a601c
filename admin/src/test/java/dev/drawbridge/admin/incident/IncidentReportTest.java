package dev.drawbridge.admin.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentReportTest {
  static final String P = "svc-okta-sync";
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  static Map<String, Object> event(
      int sec,
      String principal,
      String app,
      String method,
      String path,
      String decision,
      String reason,
      String action,
      String resource) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("seq", (long) sec);
    e.put("event", "access");
    e.put("time", T0.plusSeconds(sec).toString());
    e.put("request_id", "r" + sec);
    e.put("app", app);
    e.put("method", method);
    e.put("path", path);
    e.put("principal", principal);
    e.put("principal_type", "service");
    e.put("credential_id", "tok_1");
    e.put("src_ip", sec < 3 ? "10.0.0.5" : "198.51.100.23");
    e.put("decision", decision);
    e.put("reason", reason);
    e.put("action", action);
    e.put("resource", resource);
    e.put("bytes_out", 100);
    return e;
  }

  static List<Map<String, Object>> events() {
    List<Map<String, Object>> ev = new ArrayList<>();
    ev.add(
        event(
            1,
            P,
            "wiki",
            "GET",
            "/display/ENG/Runbook-1",
            "allow",
            "policy_allowed",
            "view",
            "ENG/Runbook-1"));
    ev.add(
        event(2, P, "jira", "POST", "/rest/api/2/user", "allow", "policy_allowed", "admin", null));
    ev.add(
        event(
            3,
            P,
            "git",
            "GET",
            "/scm/net/a.git/info/refs",
            "allow",
            "policy_allowed",
            "view",
            "net/a"));
    ev.add(
        event(
            4,
            P,
            "git",
            "POST",
            "/scm/net/a.git/git-upload-pack",
            "allow",
            "policy_allowed",
            "download",
            "net/a"));
    ev.add(
        event(
            5,
            P,
            "git",
            "POST",
            "/scm/net/a.git/git-upload-pack",
            "allow",
            "policy_allowed",
            "download",
            "net/a"));
    ev.add(
        event(
            6,
            P,
            "git",
            "GET",
            "/scm/net/b.git/info/refs",
            "allow",
            "policy_allowed",
            "view",
            "net/b"));
    ev.add(
        event(
            7,
            P,
            "git",
            "POST",
            "/scm/net/b.git/git-upload-pack",
            "deny",
            "locked",
            "download",
            "net/b"));
    ev.add(event(8, P, "admin", "GET", "/admin/<script>", "deny", "locked", "view", null));
    ev.add(event(9, P, "admin", "GET", "/admin/<script>", "deny", "locked", "view", null));
    ev.add(
        event(
            5,
            "ana@corp.example",
            "git",
            "GET",
            "/scm/x/y.git/info/refs",
            "allow",
            "policy_allowed",
            "view",
            "x/y"));
    ev.add(
        event(
            99_999, P, "wiki", "GET", "/display/late", "allow", "policy_allowed", "view", "late"));
    Map<String, Object> login =
        new LinkedHashMap<>(Map.of("event", "login", "principal", P, "time", T0.toString()));
    ev.add(login);
    java.util.Collections.reverse(ev); // compute sorts by time itself
    return ev;
  }

  static List<Map<String, Object>> alerts() {
    return List.of(
        Map.of(
            "id",
            "a2",
            "time",
            T0.plusSeconds(6).toString(),
            "rule_id",
            "drawbridge.bulk-download",
            "principal",
            P,
            "count",
            10,
            "response",
            List.of("alert", "lock")),
        Map.of(
            "id",
            "a1",
            "time",
            T0.plusSeconds(2).toString(),
            "rule_id",
            "drawbridge.service-admin-action",
            "principal",
            P,
            "count",
            1,
            "response",
            List.of("alert")),
        Map.of(
            "id",
            "x",
            "time",
            T0.toString(),
            "rule_id",
            "drawbridge.denied-burst",
            "principal",
            "someone-else",
            "count",
            20,
            "response",
            List.of("alert")));
  }

  static List<Map<String, Object>> locks() {
    return List.of(
        Map.of(
            "principal",
            P,
            "reason",
            "drawbridge.bulk-download",
            "created_at",
            T0.plusSeconds(6).plusMillis(3).toString()));
  }

  static Map<String, Object> report() {
    return IncidentReport.compute(events(), alerts(), locks(), P, T0, T0.plusSeconds(3600));
  }

  @Test
  void countsOnlyThePrincipalsAccessEventsInsideTheWindow() {
    Map<String, Object> r = report();
    assertThat(r.get("principal")).isEqualTo(P);
    assertThat(r.get("window"))
        .isEqualTo(Map.of("from", T0.toString(), "to", T0.plusSeconds(3600).toString()));
    assertThat(r.get("counts"))
        .isEqualTo(
            Map.of(
                "requests",
                9L,
                "allowed",
                6L,
                "denied",
                3L,
                "resources_viewed",
                3L,
                "resources_downloaded",
                1L,
                "bytes_out",
                900L));
    List<?> timeline = (List<?>) r.get("timeline");
    assertThat(timeline).hasSize(9);
    assertThat(((Map<?, ?>) timeline.get(0)).get("request_id")).isEqualTo("r1");
  }

  @Test
  void groupsByApplicationResourceAndSourceAddress() {
    Map<String, Object> r = report();
    assertThat(r.get("apps"))
        .isEqualTo(
            List.of(
                Map.of("app", "admin", "allowed", 0L, "denied", 2L),
                Map.of("app", "git", "allowed", 4L, "denied", 1L),
                Map.of("app", "jira", "allowed", 1L, "denied", 0L),
                Map.of("app", "wiki", "allowed", 1L, "denied", 0L)));
    assertThat(r.get("resources"))
        .asList()
        .contains(
            Map.of("app", "git", "resource", "net/a", "view", 1L, "download", 2L),
            Map.of("app", "git", "resource", "net/b", "view", 1L, "download", 0L));
    assertThat(r.get("source_ips"))
        .isEqualTo(
            List.of(
                Map.of("ip", "198.51.100.23", "count", 7L), Map.of("ip", "10.0.0.5", "count", 2L)));
    assertThat(r.get("credentials"))
        .asList()
        .singleElement()
        .satisfies(c -> assertThat(((Map<?, ?>) c).get("requests")).isEqualTo(9L));
  }

  @Test
  void listsDeniedAttemptsMostFrequentFirstAndTheAlertsAndLocksOfThePrincipal() {
    Map<String, Object> r = report();
    assertThat(r.get("denied_attempts"))
        .isEqualTo(
            List.of(
                Map.of("app", "admin", "path", "/admin/<script>", "reason", "locked", "count", 2L),
                Map.of(
                    "app",
                    "git",
                    "path",
                    "/scm/net/b.git/git-upload-pack",
                    "reason",
                    "locked",
                    "count",
                    1L)));
    assertThat(
            ((List<?>) r.get("alerts"))
                .stream().map(a -> (Object) ((Map<?, ?>) a).get("id")).toList())
        .containsExactly((Object) "a1", "a2");
    assertThat(r.get("locks")).asList().hasSize(1);
    // the moment the lock took effect is the lock's own time, not the alert that asked for it
    assertThat(IncidentReport.lockTime(r)).isEqualTo(T0.plusSeconds(6).plusMillis(3));
    assertThat(r.get("lock_time")).isEqualTo(T0.plusSeconds(6).plusMillis(3).toString());
    assertThat(IncidentReport.firstAlertTime(r)).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void anOpenWindowSpansTheFirstAndLastEvent() {
    Map<String, Object> r = IncidentReport.compute(events(), List.of(), List.of(), P, null, null);
    assertThat(r.get("window"))
        .isEqualTo(
            Map.of("from", T0.plusSeconds(1).toString(), "to", T0.plusSeconds(99_999).toString()));
    Map<String, Object> none =
        IncidentReport.compute(List.of(), List.of(), List.of(), "nobody", null, null);
    assertThat(((Map<?, ?>) none.get("counts")).get("requests")).isEqualTo(0L);
    assertThat(IncidentReport.html(none)).contains("No requests in the window.");
  }

  @Test
  void markdownHasEverySectionAndEscapesCells() {
    String md = IncidentReport.markdown(report());
    assertThat(md)
        .startsWith("# Incident report: svc-okta-sync")
        .contains("## Summary", "| 9 | 6 | 3 | 3 | 1 | 900 B |")
        .contains("## Applications", "| git |")
        .contains(
            "## What was attempted and denied", "| admin | /admin/&lt;script&gt; | locked | 2 |")
        .contains("## Alerts", "drawbridge.bulk-download")
        .contains("## Timeline", "Lock took effect: 2026-11-23 10:00:06 UTC")
        .doesNotContain("<script>");
  }

  @Test
  void htmlDrawsOneMarkPerRequestPerLaneAndTheLockLine() {
    String html = IncidentReport.html(report());
    assertThat(html).startsWith("<!doctype html>").contains("<svg", "</svg>");
    assertThat(count(html, "<circle class=\"allow\"")).isEqualTo(4);
    assertThat(count(html, "<path class=\"download\"")).as("what left stands out").isEqualTo(2);
    assertThat(count(html, "<path class=\"deny\"")).isEqualTo(3);
    assertThat(count(html, "<path class=\"alert\"")).isEqualTo(2);
    assertThat(count(html, "<line class=\"lock\"")).isEqualTo(1);
    for (String lane : List.of(">wiki</text>", ">jira</text>", ">git</text>", ">admin</text>")) {
      assertThat(html).contains(lane);
    }
    assertThat(html).doesNotContain("<script>").contains("/admin/&lt;script&gt;");
  }

  @Test
  void rendersJsonAndRejectsUnknownFormats() throws Exception {
    String json = IncidentReport.render(report(), "json");
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json)
                .at("/counts/resources_downloaded")
                .asInt())
        .isEqualTo(1);
    assertThatThrownBy(() -> IncidentReport.render(report(), "pdf"))
        .hasMessageContaining("expected: json, md or html");
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
