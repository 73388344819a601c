package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drawbridge.dormant-credential-new-network} (SPEC §6) through a real gateway: an idle token
 * back from a new network is refused at its first request, before the upstream sees it, locked and
 * alerted; the same token from its old network, a new token's first use and the rule disabled are
 * let through.
 */
class DormantCredentialNewNetworkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RULE = "drawbridge.dormant-credential-new-network";
  static final String HOME = "10.20.30.40";
  static final String ATTACKER = "198.51.100.23";

  EchoUpstream upstream;
  ServerHarness h;

  void start(String detection) throws Exception {
    upstream = new EchoUpstream();
    h =
        new ServerHarness(
            """
            server: {listen: 127.0.0.1:0, admin_listen: localhost:0, public_url: http://gw.test,
                     trusted_proxies: [127.0.0.1/32]}
            data_dir: ${DATA}
            applications:
              - id: git
                hosts: [git.test]
                upstream: UP
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
            """
                    .replace("UP", upstream.url())
                + detection);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  JsonNode token() throws Exception {
    HttpResponse<String> r =
        h.admin(
            "POST",
            "/api/v1/tokens",
            "{\"name\":\"okta-sync\",\"apps\":[\"git\"],\"expires\":\"never\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  HttpResponse<String> get(JsonNode t, String ip) throws Exception {
    return h.get(
        "git.test",
        "/scm/net/edge.git/info/refs",
        "Drawbridge-Client-Id",
        t.get("client_id").asText(),
        "Drawbridge-Client-Secret",
        t.get("client_secret").asText(),
        "X-Forwarded-For",
        ip);
  }

  Map<String, Object> lastAccess() {
    List<Map<String, Object>> events = h.events("okta-sync");
    return events.get(events.size() - 1);
  }

  JsonNode locks() throws Exception {
    return JSON.readTree(h.admin("GET", "/api/v1/locks", null).body());
  }

  JsonNode alerts() throws Exception {
    return JSON.readTree(h.admin("GET", "/api/v1/alerts", null).body());
  }

  static boolean has(JsonNode alerts, String ruleId) {
    for (JsonNode a : alerts) {
      if (a.get("rule_id").asText().equals(ruleId)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void anIdleTokenFromANewNetworkIsRefusedAtItsFirstRequestLockedAndAlerted() throws Exception {
    start("detection: {settings: {" + RULE + ": {lock_ttl: 2h}}}\n");
    JsonNode t = token();
    assertThat(get(t, HOME).statusCode()).isEqualTo(200);
    h.clock.advance(Duration.ofDays(130));
    upstream.lastHeaders.clear();

    HttpResponse<String> first = get(t, ATTACKER);

    assertThat(first.statusCode()).isEqualTo(403);
    assertThat(first.body()).contains("access_denied").doesNotContain("dormant");
    assertThat(upstream.lastHeaders).as("the upstream was not contacted").isEmpty();
    assertThat(lastAccess())
        .containsEntry("decision", "deny")
        .containsEntry("reason", "dormant_credential_new_network")
        .containsEntry("credential_idle_days", 130)
        .containsEntry("new_network", true)
        .containsEntry("src_ip", ATTACKER);
    // in force before the response was sent (strict durability, embedded store)
    JsonNode lock = locks().get(0);
    assertThat(lock.get("principal").asText()).isEqualTo("okta-sync");
    assertThat(Instant.parse(lock.get("expires_at").asText()))
        .isEqualTo(h.clock.instant().plus(Duration.ofHours(2)));
    JsonNode alert = null;
    for (JsonNode a : alerts()) {
      if (a.get("rule_id").asText().equals(RULE)) {
        alert = a;
      }
    }
    assertThat(alert).as(alerts().toString()).isNotNull();
    assertThat(alert.get("principal").asText()).isEqualTo("okta-sync");
    assertThat(alert.get("response").toString()).isEqualTo("[\"alert\",\"lock\"]");
    assertThat(alert.get("request_ids").get(0).asText())
        .isEqualTo(first.headers().firstValue("Drawbridge-Request-Id").orElseThrow());

    // the next request meets the lock, from any network
    assertThat(get(t, ATTACKER).statusCode()).isEqualTo(403);
    assertThat(lastAccess()).containsEntry("reason", "locked");
    assertThat(get(t, HOME).statusCode()).isEqualTo(403);
    assertThat(upstream.lastHeaders).isEmpty();

    // the owner checks, rotates if needed, and unlocks: the token works again and is not re-locked
    assertThat(h.admin("DELETE", "/api/v1/locks/okta-sync", null).statusCode()).isIn(200, 204);
    assertThat(get(t, ATTACKER).statusCode()).isEqualTo(200);
    assertThat(locks()).isEmpty();
  }

  @Test
  void anIdleTokenFromItsOldNetworkIsAllowed() throws Exception {
    // with the default 30 days every network is "new" after 30 idle days (the network memory is
    // 30 days too), so a lower threshold is what tells the old network from a new one
    start("detection: {settings: {" + RULE + ": {threshold: 7}}}\n");
    JsonNode t = token();
    assertThat(get(t, HOME).statusCode()).isEqualTo(200);
    h.clock.advance(Duration.ofDays(10));

    assertThat(get(t, "10.20.30.99").statusCode()).isEqualTo(200);

    assertThat(lastAccess())
        .containsEntry("decision", "allow")
        .containsEntry("credential_idle_days", 10)
        .containsEntry("new_network", false);
    assertThat(locks()).isEmpty();
    assertThat(has(alerts(), RULE)).isFalse();

    // and the same idle time from another network is refused
    h.clock.advance(Duration.ofDays(10));
    assertThat(get(t, ATTACKER).statusCode()).isEqualTo(403);
    assertThat(lastAccess()).containsEntry("reason", "dormant_credential_new_network");
  }

  @Test
  void aNewTokensFirstUseFromAnyNetworkIsAllowedAndNotAlerted() throws Exception {
    start("");
    JsonNode t = token();
    h.clock.advance(Duration.ofDays(200)); // created long ago, but never used: not dormant

    assertThat(get(t, ATTACKER).statusCode()).isEqualTo(200);

    assertThat(lastAccess()).containsEntry("decision", "allow").containsEntry("new_network", true);
    assertThat(lastAccess().get("credential_idle_days")).isNull();
    assertThat(locks()).isEmpty();
    JsonNode alerts = alerts();
    assertThat(has(alerts, RULE)).as(alerts.toString()).isFalse();
    assertThat(has(alerts, "drawbridge.credential-new-network"))
        .as("a first use has a grace")
        .isFalse();

    // its second use from yet another network is an ordinary new-network alert, not a lock
    assertThat(get(t, "203.0.113.9").statusCode()).isEqualTo(200);
    assertThat(has(alerts(), "drawbridge.credential-new-network")).isTrue();
    assertThat(locks()).isEmpty();
  }

  @Test
  void withTheRuleDisabledTheIdleTokenGetsThroughAndIsOnlyAlerted() throws Exception {
    start("detection: {disable: [" + RULE + "]}\n");
    JsonNode t = token();
    assertThat(get(t, HOME).statusCode()).isEqualTo(200);
    h.clock.advance(Duration.ofDays(130));

    assertThat(get(t, ATTACKER).statusCode()).isEqualTo(200);

    assertThat(lastAccess()).containsEntry("decision", "allow");
    assertThat(locks()).isEmpty();
    JsonNode alerts = alerts();
    assertThat(has(alerts, RULE)).isFalse();
    assertThat(has(alerts, "drawbridge.dormant-credential-reuse")).as(alerts.toString()).isTrue();
  }

  @Test
  void withAnAlertOnlyResponseTheRequestIsAllowedAndAlerted() throws Exception {
    start("detection: {settings: {" + RULE + ": {response: [alert]}}}\n");
    JsonNode t = token();
    assertThat(get(t, HOME).statusCode()).isEqualTo(200);
    h.clock.advance(Duration.ofDays(130));

    assertThat(get(t, ATTACKER).statusCode()).isEqualTo(200);

    assertThat(locks()).isEmpty();
    assertThat(has(alerts(), RULE)).isTrue();
  }
}
