package dev.drawbridge.audit.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OcsfTest {
  private static Map<String, Object> access(String decision) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("seq", 7);
    e.put("time", "2026-11-30T10:00:00.250Z");
    e.put("event", "access");
    e.put("request_id", "req-1");
    e.put("app", "git");
    e.put("host", "git.corp.example");
    e.put("method", "POST");
    e.put("path", "/scm/net/edge.git/git-upload-pack");
    e.put("principal", "ci-bot");
    e.put("principal_type", "service");
    e.put("src_ip", "203.0.113.9");
    e.put("user_agent", "git/2.43");
    e.put("decision", decision);
    e.put("reason", "credential_revoked");
    e.put("resource", "net/edge");
    e.put("action", "download");
    e.put("status", 403);
    return e;
  }

  @Test
  @SuppressWarnings("unchecked")
  void mapsADeniedAccessToWebResourceAccessActivity() {
    Map<String, Object> o = Ocsf.toOcsf(access("deny"));
    assertThat(o)
        .containsEntry("class_uid", 6004)
        .containsEntry("category_uid", 6)
        .containsEntry("activity_id", 2)
        .containsEntry("type_uid", 600402L)
        .containsEntry("time", 1796032800250L)
        .containsEntry("status_id", 2)
        .containsEntry("status", "Failure")
        .containsEntry("status_code", "credential_revoked")
        .containsEntry("src_endpoint", Map.of("ip", "203.0.113.9"));
    assertThat((Map<String, Object>) o.get("http_request"))
        .containsEntry("http_method", "POST")
        .containsEntry("user_agent", "git/2.43")
        .containsEntry(
            "url",
            Map.of("hostname", "git.corp.example", "path", "/scm/net/edge.git/git-upload-pack"));
    assertThat((List<Map<String, Object>>) o.get("web_resources"))
        .singleElement()
        .satisfies(
            r -> assertThat(r).containsEntry("name", "net/edge").containsEntry("type", "download"));
    Map<String, Object> actor = (Map<String, Object>) o.get("actor");
    assertThat((Map<String, Object>) actor.get("user")).containsEntry("name", "ci-bot");
    Map<String, Object> meta = (Map<String, Object>) o.get("metadata");
    assertThat((Map<String, Object>) meta.get("product")).containsEntry("name", "Drawbridge");
    assertThat(o.get("unmapped")).isEqualTo(access("deny"));
  }

  @Test
  void mapsAnAllowedAccessToAccessGrant() {
    assertThat(Ocsf.toOcsf(access("allow")))
        .containsEntry("activity_id", 1)
        .containsEntry("type_uid", 600401L)
        .containsEntry("status", "Success")
        .containsEntry("severity_id", 1);
  }

  @Test
  void mapsLoginAndLogoutToAuthentication() {
    Map<String, Object> login =
        Map.of("event", "login", "principal", "ana@corp.example", "time", "2026-11-30T10:00:00Z");
    assertThat(Ocsf.toOcsf(login))
        .containsEntry("class_uid", 3002)
        .containsEntry("category_uid", 3)
        .containsEntry("activity_id", 1)
        .containsEntry("type_uid", 300201L)
        .containsEntry(
            "user", Map.of("name", "ana@corp.example", "email_addr", "ana@corp.example"));
    assertThat(Ocsf.toOcsf(Map.of("event", "logout", "principal", "ana")))
        .containsEntry("activity_id", 2);
    assertThat(Ocsf.toOcsf(Map.of("event", "token.auth", "principal", "ci", "outcome", "failure")))
        .containsEntry("class_uid", 3002)
        .containsEntry("status_id", 2);
  }

  @Test
  void mapsCredentialLifecycleAndLocksToAccountChange() {
    assertThat(Ocsf.toOcsf(Map.of("event", "token_created", "name", "ci-bot")))
        .containsEntry("class_uid", 3001)
        .containsEntry("activity_id", 1)
        .containsEntry("type_uid", 300101L);
    assertThat(Ocsf.toOcsf(Map.of("event", "token_rotated"))).containsEntry("activity_id", 3);
    assertThat(Ocsf.toOcsf(Map.of("event", "token_revoked"))).containsEntry("activity_id", 6);
    assertThat(Ocsf.toOcsf(Map.of("event", "lock", "principal", "x")))
        .containsEntry("activity_id", 9);
    assertThat(Ocsf.toOcsf(Map.of("event", "unlock"))).containsEntry("activity_id", 2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAdministrativeActNamesTheAdministratorAsActorAndThePrincipalAsTarget() {
    Map<String, Object> created =
        Map.of(
            "event", "token_created",
            "principal", "svc-okta-sync",
            "actor", "admin",
            "time", "2026-11-30T10:00:00Z");
    Map<String, Object> o = Ocsf.toOcsf(created);
    assertThat((Map<String, Object>) ((Map<String, Object>) o.get("actor")).get("user"))
        .containsEntry("name", "admin")
        .containsEntry("type", "Admin");
    assertThat((Map<String, Object>) o.get("user")).containsEntry("name", "svc-okta-sync");
    Map<String, Object> lock =
        Map.of("event", "lock", "principal", "svc-okta-sync", "actor", "detection");
    assertThat(
            (Map<String, Object>)
                ((Map<String, Object>) Ocsf.toOcsf(lock).get("actor")).get("user"))
        .containsEntry("name", "detection")
        .containsEntry("type", "System");
    Map<String, Object> breach =
        Map.of("event", "breach_declared", "principal", "okta", "actor", "ops@corp.example");
    assertThat(
            (Map<String, Object>)
                ((Map<String, Object>) Ocsf.toOcsf(breach).get("actor")).get("user"))
        .containsEntry("name", "ops@corp.example");
  }

  static Map<String, Object> alert(String level) {
    Map<String, Object> a = new java.util.LinkedHashMap<>();
    a.put("event", "alert_raised");
    a.put("id", "al_1");
    a.put("rule_id", "drawbridge.bulk-download");
    a.put("title", "One principal downloads many distinct resources");
    a.put("level", level);
    a.put("principal", "svc-okta-sync");
    a.put("count", 10);
    a.put("first_time", "2026-11-30T10:00:00Z");
    a.put("last_time", "2026-11-30T10:00:09Z");
    a.put("request_ids", List.of("r1", "r2"));
    a.put("response", List.of("alert", "lock"));
    a.put("alert_time", "2026-11-30T10:00:09.500Z");
    return a;
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAlertIsADetectionFindingWithItsLevelAsSeverity() {
    Map<String, Object> o = Ocsf.toOcsf(alert("high"));
    assertThat(o)
        .containsEntry("class_uid", 2004)
        .containsEntry("class_name", "Detection Finding")
        .containsEntry("category_uid", 2)
        .containsEntry("activity_id", 1)
        .containsEntry("type_uid", 200401L)
        .containsEntry("severity_id", 4)
        .containsEntry("severity", "High")
        .containsEntry("status", "New")
        .containsEntry("time", 1796032809500L);
    Map<String, Object> info = (Map<String, Object>) o.get("finding_info");
    assertThat(info)
        .containsEntry("uid", "al_1")
        .containsEntry("title", "One principal downloads many distinct resources")
        .containsEntry("first_seen_time", 1796032800000L);
    assertThat((Map<String, Object>) info.get("analytic"))
        .containsEntry("uid", "drawbridge.bulk-download")
        .containsEntry("type", "Rule");
    assertThat(o.get("evidences").toString()).contains("svc-okta-sync");
    java.util.Map<String, Integer> levels =
        Map.of("informational", 1, "low", 2, "medium", 3, "high", 4, "critical", 5);
    levels.forEach(
        (level, id) -> assertThat(Ocsf.toOcsf(alert(level))).containsEntry("severity_id", id));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAcknowledgedAlertIsAFindingUpdateByItsAdministrator() {
    // as the admin API records it: the alert's fields in details, who in details.by
    Map<String, Object> ack = new java.util.LinkedHashMap<>();
    ack.put("event", "alert_acknowledged");
    ack.put("principal", "svc-okta-sync");
    ack.put("actor", "admin");
    ack.put(
        "details",
        Map.of("alert_id", "al_1", "rule_id", "r", "level", "medium", "by", "ops@corp.example"));
    ack.put("time", "2026-11-30T10:05:00Z");
    Map<String, Object> o = Ocsf.toOcsf(ack);
    assertThat(o)
        .containsEntry("class_uid", 2004)
        .containsEntry("activity_id", 2)
        .containsEntry("status", "In Progress")
        .containsEntry("severity_id", 3);
    assertThat((Map<String, Object>) ((Map<String, Object>) o.get("actor")).get("user"))
        .containsEntry("name", "ops@corp.example");
    assertThat((Map<String, Object>) o.get("finding_info")).containsEntry("uid", "al_1");
    assertThat(o).containsEntry("time", 1796033100000L);
  }
}
