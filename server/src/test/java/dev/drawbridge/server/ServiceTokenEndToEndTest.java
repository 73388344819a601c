package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditVerifier;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Service tokens through the real gateway and admin API: the three presentation forms, rotation
 * grace, revoke, CIDR binding, locks and breach response take effect on the very next request, and
 * every decision is in the audit log.
 */
class ServiceTokenEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  EchoUpstream upstream;
  ServerHarness h;

  @BeforeEach
  void start() throws Exception {
    upstream = new EchoUpstream();
    h =
        new ServerHarness(
            """
            server: {listen: 127.0.0.1:0, admin_listen: localhost:0, public_url: http://gw.test}
            data_dir: ${DATA}
            applications:
              - id: git
                hosts: [git.test]
                upstream: UP
                profile: bitbucket
                policies:
                  - {name: ci reads, decision: allow, include: [{any_service_token: true}]}
              - id: wiki
                hosts: [wiki.test]
                upstream: UP
                policies:
                  - {name: ci-bot only, decision: allow, include: [{service_token: [ci-bot]}]}
            """
                .replace("UP", upstream.url()));
  }

  @AfterEach
  void stop() {
    h.close();
    upstream.close();
  }

  JsonNode create(String json) throws Exception {
    HttpResponse<String> r = h.admin("POST", "/api/v1/tokens", json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  /** The token of a create response, as Drawbridge-Client-Id/-Secret headers. */
  static String[] headers(JsonNode t) {
    return new String[] {
      "Drawbridge-Client-Id",
      t.get("client_id").asText(),
      "Drawbridge-Client-Secret",
      t.get("client_secret").asText()
    };
  }

  @Test
  void tokenWorksInAllThreePresentationForms() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\",\"wiki\"]}");
    String id = t.get("client_id").asText();
    String secret = t.get("client_secret").asText();
    assertThat(
            h.get(
                    "git.test",
                    "/scm/a/b.git/info/refs",
                    "Drawbridge-Client-Id",
                    id,
                    "Drawbridge-Client-Secret",
                    secret)
                .statusCode())
        .isEqualTo(200);
    String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes());
    assertThat(
            h.get("git.test", "/scm/a/b.git/info/refs", "Authorization", "Basic " + basic)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.get("wiki.test", "/page", "Authorization", "Bearer " + id + "." + secret)
                .statusCode())
        .isEqualTo(200);
    assertThat(upstream.lastHeaders)
        .doesNotContainKey("authorization")
        .doesNotContainKey("drawbridge-client-secret");
    assertThat(h.get("wiki.test", "/page", "Authorization", "Bearer " + id + ".wrong").statusCode())
        .isEqualTo(401);
    assertThat(h.get("wiki.test", "/page").statusCode()).isEqualTo(401);
  }

  @Test
  void revokeTakesEffectOnTheVeryNextRequest() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"wiki\"]}");
    String[] creds = headers(t);
    assertThat(h.get("wiki.test", "/p", creds).statusCode()).isEqualTo(200);
    assertThat(h.admin("POST", "/api/v1/tokens/ci-bot/revoke", "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> denied = h.get("wiki.test", "/p", creds);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("access_denied").doesNotContain("revoked");
    List<Map<String, Object>> ev = h.events("ci-bot");
    assertThat(ev.get(ev.size() - 1))
        .containsEntry("reason", "credential_revoked")
        .containsEntry("decision", "deny");
  }

  @Test
  void oldSecretWorksWithinTheRotationGraceAndFailsAfterIt() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"wiki\"]}");
    String id = t.get("client_id").asText();
    String old = t.get("client_secret").asText();
    HttpResponse<String> rot =
        h.admin("POST", "/api/v1/tokens/ci-bot/rotate", "{\"grace\":\"1h\"}");
    assertThat(rot.statusCode()).as(rot.body()).isEqualTo(200);
    String fresh = JSON.readTree(rot.body()).get("client_secret").asText();
    assertThat(
            h.get("wiki.test", "/p", "Drawbridge-Client-Id", id, "Drawbridge-Client-Secret", old)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.get("wiki.test", "/p", "Drawbridge-Client-Id", id, "Drawbridge-Client-Secret", fresh)
                .statusCode())
        .isEqualTo(200);
    h.clock.advance(Duration.ofMinutes(61));
    assertThat(
            h.get("wiki.test", "/p", "Drawbridge-Client-Id", id, "Drawbridge-Client-Secret", old)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            h.get("wiki.test", "/p", "Drawbridge-Client-Id", id, "Drawbridge-Client-Secret", fresh)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokenBoundToAnotherNetworkIsDeniedFromLoopback() throws Exception {
    JsonNode t =
        create("{\"name\":\"ci-bot\",\"apps\":[\"wiki\"],\"cidrs\":[\"198.51.100.0/24\"]}");
    assertThat(h.get("wiki.test", "/p", headers(t)).statusCode()).isEqualTo(403);
    assertThat(h.events("ci-bot").get(0)).containsEntry("reason", "ip_not_allowed");
  }

  @Test
  void tokenOutsideItsApplicationScopeIsDenied() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    assertThat(h.get("wiki.test", "/p", headers(t)).statusCode()).isEqualTo(403);
    assertThat(h.events("ci-bot").get(0)).containsEntry("reason", "app_not_in_scope");
  }

  @Test
  void lockDeniesEveryApplicationAtOnceAndUnlockRestores() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\",\"wiki\"]}");
    String[] creds = headers(t);
    assertThat(
            h.admin(
                    "POST",
                    "/api/v1/locks",
                    "{\"principal\":\"ci-bot\",\"reason\":\"investigating\",\"ttl\":\"24h\"}")
                .statusCode())
        .isIn(200, 201);
    assertThat(h.get("wiki.test", "/p", creds).statusCode()).isEqualTo(403);
    assertThat(h.get("git.test", "/scm/a/b.git/info/refs", creds).statusCode()).isEqualTo(403);
    assertThat(h.admin("DELETE", "/api/v1/locks/ci-bot", null).statusCode()).isIn(200, 204);
    assertThat(h.get("wiki.test", "/p", creds).statusCode()).isEqualTo(200);
  }

  @Test
  void breachSuspendsLabelledCredentialsUntilRotated() throws Exception {
    JsonNode t =
        create("{\"name\":\"okta-sync\",\"apps\":[\"git\"],\"labels\":{\"vendor\":\"okta\"}}");
    String id = t.get("client_id").asText();
    String[] creds = {
      "Drawbridge-Client-Id", id, "Drawbridge-Client-Secret", t.get("client_secret").asText()
    };
    assertThat(h.get("git.test", "/scm/a/b.git/info/refs", creds).statusCode()).isEqualTo(200);
    h.clock.advance(Duration.ofHours(1));
    HttpResponse<String> b =
        h.admin(
            "POST",
            "/api/v1/breaches",
            "{\"vendor\":\"okta\",\"since\":\"" + h.clock.instant() + "\"}");
    assertThat(b.statusCode()).as(b.body()).isIn(200, 201);
    assertThat(h.get("git.test", "/scm/a/b.git/info/refs", creds).statusCode()).isEqualTo(403);
    assertThat(h.events("okta-sync").get(1)).containsEntry("reason", "credential_suspended");
    String fresh =
        JSON.readTree(
                h.admin("POST", "/api/v1/tokens/okta-sync/rotate", "{\"grace\":\"0s\"}").body())
            .get("client_secret")
            .asText();
    assertThat(
            h.get(
                    "git.test",
                    "/scm/a/b.git/info/refs",
                    "Drawbridge-Client-Id",
                    id,
                    "Drawbridge-Client-Secret",
                    fresh)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void bulkDownloadLocksThePrincipalBeforeItsNextRequest() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    String[] creds = headers(t);
    for (int i = 1; i <= 10; i++) {
      HttpResponse<String> r =
          h.post("git.test", "/scm/net/repo-" + i + ".git/git-upload-pack", creds);
      assertThat(r.statusCode()).as("download " + i).isEqualTo(200);
    }
    HttpResponse<String> next = h.post("git.test", "/scm/net/repo-11.git/git-upload-pack", creds);
    assertThat(next.statusCode()).isEqualTo(403);
    List<Map<String, Object>> ev = h.events("ci-bot");
    assertThat(ev.get(ev.size() - 1)).containsEntry("reason", "locked");
    assertThat(h.admin("GET", "/api/v1/alerts", null).body()).contains("drawbridge.bulk-download");
  }

  @Test
  void everyDecisionIsInTheAuditLogAndTheLogVerifies() throws Exception {
    h.get("wiki.test", "/anonymous");
    h.get("nowhere.test", "/x");
    h.stop();
    var v = AuditVerifier.verify(h.server.config().dataDir());
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isGreaterThanOrEqualTo(3);
  }
}
