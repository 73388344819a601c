package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole server with {@code identity.signals} and {@code identity.scim}: a transmitter's SETs
 * (signed with a key its JWKS endpoint serves) lock a principal and suspend a service token, which
 * the admin API's locks, tokens, audit events and incident report then show; SCIM deprovisioning on
 * the admin listener locks the user. What a signal did is an alert of {@code
 * drawbridge.identity-signal} in {@code GET /api/v1/alerts}; a refused signal raises none.
 */
class IdentitySignalsEndToEndTest {
  static final String TX = "https://transmitter.example";
  static final String AUD = "https://gw.test/ssf";
  static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
  static final String SCIM_TOKEN = "scim-token-0123456789-0123456789-abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  RSAKey key;
  HttpServer jwks;
  ServerHarness h;

  @BeforeEach
  void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("tx-1").generate();
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext(
        "/jwks",
        ex -> {
          byte[] b =
              ("{\"keys\":[" + key.toPublicJWK().toJSONString() + "]}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    jwks.start();
    h =
        new ServerHarness(
            """
            server: {listen: 127.0.0.1:0, admin_listen: localhost:0, public_url: http://gw.test}
            data_dir: ${DATA}
            identity:
              signals:
                - {issuer: "TX", jwks_uri: "JWKS", audience: "AUD"}
              scim: {token: "SCIM"}
            applications:
              - id: wiki
                hosts: [wiki.test]
                upstream: http://127.0.0.1:1
                policies:
                  - {name: all, decision: allow, include: [{any_service_token: true}]}
            """
                .replace("TX", TX)
                .replace("JWKS", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks")
                .replace("AUD", AUD)
                .replace("SCIM", SCIM_TOKEN));
  }

  @AfterEach
  void stop() {
    h.close();
    jwks.stop(0);
  }

  int push(String type, Map<String, Object> subject) throws Exception {
    return push(type, subject, key);
  }

  int push(String type, Map<String, Object> subject, RSAKey signer) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("tx-1")
                .type(new JOSEObjectType("secevent+jwt"))
                .build(),
            new JWTClaimsSet.Builder()
                .issuer(TX)
                .audience(AUD)
                .issueTime(Date.from(h.clock.instant()))
                .jwtID(UUID.randomUUID().toString())
                .claim("events", Map.of(type, Map.of("subject", subject)))
                .build());
    jwt.sign(new RSASSASigner(signer));
    HttpResponse<String> r =
        h.http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + h.server.gatewayPort() + "/.drawbridge/ssf/events"))
                .header("Host", "wiki.test")
                .header("Content-Type", "application/secevent+jwt")
                .POST(HttpRequest.BodyPublishers.ofString(jwt.serialize()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  JsonNode admin(String method, String path, String json) throws Exception {
    HttpResponse<String> r = h.admin(method, path, json);
    assertThat(r.statusCode()).as(path + " " + r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  /**
   * The alerts of rule drawbridge.identity-signal about {@code principal}, as the API lists them.
   */
  List<JsonNode> signalAlerts(String principal) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode a : admin("GET", "/api/v1/alerts", null)) {
      if (a.path("rule_id").asText().equals("drawbridge.identity-signal")
          && a.path("principal").asText().equals(principal)) {
        out.add(a);
      }
    }
    return out;
  }

  JsonNode awaitSignalAlert(String principal) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(signalAlerts(principal)).hasSize(1));
    try {
      return signalAlerts(principal).get(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void signalsLockAndSuspendAndTheAdminApiShowsWhatTheyDid() throws Exception {
    List<Map<String, Object>> raised = new java.util.concurrent.CopyOnWriteArrayList<>();
    h.server
        .audit()
        .addListener(
            r -> {
              if ("alert_raised".equals(r.fields().get("event"))) {
                raised.add(r.fields());
              }
            });
    JsonNode token =
        admin("POST", "/api/v1/tokens", "{\"name\": \"ci-bot\", \"apps\": [\"wiki\"]}");

    assertThat(
            push(RISC + "account-disabled", Map.of("format", "email", "email", "ana@corp.example")))
        .isEqualTo(202);
    assertThat(
            push(
                RISC + "credential-compromise",
                Map.of("format", "opaque", "id", token.get("client_id").asText())))
        .isEqualTo(202);

    JsonNode locks = admin("GET", "/api/v1/locks", null);
    assertThat(locks.toString()).contains("ana@corp.example").contains("signal:" + TX);
    assertThat(admin("GET", "/api/v1/tokens/ci-bot", null).get("status").asText())
        .isEqualTo("suspended");
    // the audit log has an event a moment after the answer (batched writes)
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        admin("GET", "/api/v1/audit/events?principal=ana%40corp.example", null)
                            .toString())
                    .contains("identity_signal")
                    .contains("risc.account-disabled"));
    JsonNode disabled = awaitSignalAlert("ana@corp.example");
    assertThat(disabled.get("level").asText()).isEqualTo("high");
    assertThat(disabled.get("title").asText())
        .isEqualTo("Identity provider " + TX + " disabled the account (RISC account-disabled)");
    assertThat(disabled.get("response").toString()).isEqualTo("[\"alert\",\"lock\"]");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(raised)
                    .anySatisfy(
                        e -> {
                          assertThat(e.get("rule_id")).isEqualTo("drawbridge.identity-signal");
                          assertThat(e.get("principal")).isEqualTo("ana@corp.example");
                          assertThat(e.get("alert_id") == null ? e.get("id") : e.get("alert_id"))
                              .isEqualTo(disabled.get("id").asText());
                        }));
    JsonNode suspended = awaitSignalAlert("ci-bot");
    assertThat(suspended.get("level").asText()).isEqualTo("high");
    assertThat(suspended.get("response").toString()).contains("\"suspend\"");
    h.clock.advance(java.time.Duration.ofSeconds(1)); // the report's window ends before "now"
    JsonNode report = admin("GET", "/api/v1/incidents?principal=ana%40corp.example", null);
    assertThat(report.get("identity_signals").toString())
        .contains("account_disabled")
        .contains("locked");
    // no request of ana's in the window: the headline says when, not how long after
    assertThat(report.get("alerts").toString()).contains("drawbridge.identity-signal");
    assertThat(report.toString())
        .contains("Detected at ")
        .contains("(rule drawbridge.identity-signal)");
  }

  @Test
  void aRefusedSignalRaisesNoAlert() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("tx-1").generate();
    assertThat(
            push(
                RISC + "account-disabled",
                Map.of("format", "email", "email", "eve@corp.example"),
                stranger))
        .isEqualTo(400);
    // events are alerted in order: once a later accepted signal's alert is there, the refused
    // one was seen
    assertThat(
            push(RISC + "account-disabled", Map.of("format", "email", "email", "zed@corp.example")))
        .isEqualTo(202);
    awaitSignalAlert("zed@corp.example");
    assertThat(signalAlerts("eve@corp.example")).isEmpty();
    assertThat(admin("GET", "/api/v1/locks", null).toString()).doesNotContain("eve@corp.example");
  }

  @Test
  void scimDeprovisioningOnTheAdminListenerLocksTheUser() throws Exception {
    URI users = URI.create("http://localhost:" + h.server.adminPort() + "/scim/v2/Users");
    HttpResponse<String> created =
        h.http.send(
            HttpRequest.newBuilder(users)
                .header("Authorization", "Bearer " + SCIM_TOKEN)
                .header("Content-Type", "application/scim+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                            + "\"userName\":\"bo@corp.example\",\"active\":true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).get("id").asText();
    HttpResponse<String> off =
        h.http.send(
            HttpRequest.newBuilder(URI.create(users + "/" + id))
                .header("Authorization", "Bearer " + SCIM_TOKEN)
                .header("Content-Type", "application/scim+json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    assertThat(admin("GET", "/api/v1/locks", null).toString())
        .contains("bo@corp.example")
        .contains("\"scim\"");
    JsonNode alert = awaitSignalAlert("bo@corp.example");
    assertThat(alert.get("level").asText()).isEqualTo("high");
    assertThat(alert.get("title").asText()).contains("deactivated").contains("SCIM");
    assertThat(alert.get("response").toString()).contains("\"lock\"");
    // the admin token is not the SCIM token
    HttpResponse<String> wrong =
        h.http.send(
            HttpRequest.newBuilder(users)
                .header("Authorization", "Bearer " + h.server.adminToken())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
  }
}
