package dev.drawbridge.admin.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SCIM server on a running admin listener, driven over real HTTP by the request sequences that
 * Okta's and Microsoft Entra ID's SCIM documentation show (fixtures under {@code scim/}, each
 * naming its source). Provisioning creates local users with their groups; deactivation and delete
 * lock the user and revoke their sessions at once.
 */
class ScimProvisioningTest extends ScimServerTestBase {
  static final ObjectMapper JSON = new ObjectMapper();

  final HttpClient http = HttpClient.newHttpClient();

  record Answer(int status, JsonNode json) {}

  Answer send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/scim/v2" + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/scim+json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  /** Replays a fixture's requests; returns each answer. */
  List<Answer> replay(String fixture) throws Exception {
    JsonNode f;
    try (InputStream in = getClass().getResourceAsStream("/scim/" + fixture)) {
      f = JSON.readTree(in);
    }
    assertThat(f.get("source").asText()).startsWith("https://");
    String userId = "";
    String groupId = "";
    List<Answer> out = new java.util.ArrayList<>();
    for (JsonNode req : f.get("requests")) {
      String path =
          req.get("path").asText().replace("{userId}", userId).replace("{groupId}", groupId);
      String body =
          req.has("body")
              ? JSON.writeValueAsString(req.get("body"))
                  .replace("{userId}", userId)
                  .replace("{groupId}", groupId)
              : null;
      Answer a = send(req.get("method").asText(), path, body, TOKEN);
      assertThat(a.status()).as(req.get("step").asText() + ": " + a.json()).isLessThan(300);
      if (req.get("method").asText().equals("POST")) {
        if (path.startsWith("/Users")) {
          userId = a.json().get("id").asText();
        } else {
          groupId = a.json().get("id").asText();
        }
      }
      out.add(a);
    }
    return out;
  }

  @Test
  void oktasRequestsProvisionAUserWithGroupsAndDeactivationLocksAndEndsSessions() throws Exception {
    String user = "test.user@okta.local";
    String session = liveSession(user);

    List<Answer> a = replay("okta.json");

    assertThat(a.get(0).json().get("totalResults").asInt()).isZero();
    assertThat(a.get(1).status()).isEqualTo(201);
    assertThat(a.get(1).json().has("password")).isFalse();
    assertThat(a.get(3).json().get("members").get(0).get("value").asText())
        .isEqualTo(a.get(1).json().get("id").asText());
    assertThat(a.get(4).json().get("displayName").asText()).isEqualTo("Test SCIMv2 Renamed");
    assertThat(a.get(5).json().get("active").asBoolean()).isFalse();
    assertThat(control.locks().lockOf(user))
        .hasValueSatisfying(l -> assertThat(l.createdBy()).isEqualTo("scim"));
    assertThat(store.sessions().find(session).orElseThrow().revokedAt()).isNotNull();
    // the audit log's listeners see an event once it is written (batched: a moment later)
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        events.stream()
                            .filter(
                                e ->
                                    "scim".equals(e.get("event"))
                                        && user.equals(e.get("principal")))
                            .map(e -> e.get("reason") + "/" + e.get("outcome"))
                            .toList())
                    .contains(
                        "user_created/provisioned",
                        "groups_changed/provisioned",
                        "user_deactivated/locked"));

    Answer found =
        send("GET", "/Users?filter=userName%20eq%20%22TEST.user%40okta.local%22", null, TOKEN);
    assertThat(found.json().get("totalResults").asInt()).isEqualTo(1);
    assertThat(found.json().get("Resources").get(0).get("active").asBoolean()).isFalse();

    // reactivation lifts the lock provisioning placed, and the user has their groups again
    String id = a.get(1).json().get("id").asText();
    Answer back =
        send(
            "PATCH",
            "/Users/" + id,
            "{\"schemas\":[\""
                + ScimPatch.SCHEMA
                + "\"],\"Operations\":[{\"op\":\"replace\","
                + "\"value\":{\"active\":true}}]}",
            TOKEN);
    assertThat(back.status()).isEqualTo(200);
    assertThat(control.locks().lockOf(user)).isEmpty();
    assertThat(localUsers.get(user)).isEmpty(); // the last fixture step removed the membership
  }

  @Test
  void entraIdsRequestsProvisionByEmailAndDisableThenDeleteLockTheUser() throws Exception {
    String user = "test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com";
    String session = liveSession(user);

    List<Answer> a = replay("entra-id.json");

    assertThat(a.get(2).json().get("name").get("familyName").asText())
        .isEqualTo("updatedFamilyName");
    assertThat(
            a.get(2)
                .json()
                .get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                .get("department")
                .asText())
        .isEqualTo("Engineering");
    assertThat(a.get(4).json().get("Resources").get(0).has("members")).isFalse();
    assertThat(a.get(6).json().get("active").asBoolean()).isFalse();
    assertThat(a.get(7).status()).isEqualTo(204);
    assertThat(localUsers).containsEntry(user, List.of("displayName"));
    assertThat(control.locks().lockOf(user)).isPresent();
    assertThat(store.sessions().find(session).orElseThrow().revokedAt()).isNotNull();
    String id = a.get(1).json().get("id").asText();
    assertThat(send("GET", "/Users/" + id, null, TOKEN).status()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        events.stream()
                            .filter(
                                e ->
                                    "scim".equals(e.get("event"))
                                        && user.equals(e.get("principal")))
                            .map(e -> e.get("reason"))
                            .toList())
                    .contains("user_created", "user_deactivated", "user_deleted"));
  }

  @Test
  void entraIdsActiveSentAsTheStringFalseDeactivatesToo() throws Exception {
    Answer created =
        send(
            "POST",
            "/Users",
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"bo@corp.example\",\"active\":true}",
            TOKEN);
    String id = created.json().get("id").asText();
    Answer off =
        send(
            "PATCH",
            "/Users/" + id,
            "{\"schemas\":[\""
                + ScimPatch.SCHEMA
                + "\"],\"Operations\":[{\"op\":\"Replace\","
                + "\"path\":\"active\",\"value\":\"False\"}]}",
            TOKEN);
    assertThat(off.json().get("active").isBoolean()).isTrue();
    assertThat(control.locks().lockOf("bo@corp.example")).isPresent();
  }

  @Test
  void requestsWithoutTheTokenOrWithFlawsAreRefusedAndChangeNothing() throws Exception {
    String user = "{\"userName\":\"eve@corp.example\"}";
    assertThat(send("POST", "/Users", user, null).status()).isEqualTo(401);
    assertThat(send("POST", "/Users", user, "admin-token-x").status()).isEqualTo(401);
    assertThat(send("GET", "/Users", null, TOKEN).json().get("totalResults").asInt()).isZero();

    Answer bad = send("GET", "/Users?filter=userName%20co%20%22eve%22", null, TOKEN);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("scimType").asText()).isEqualTo("invalidFilter");
    assertThat(bad.json().get("schemas").get(0).asText()).isEqualTo(ScimServer.ERROR);
    assertThat(send("POST", "/Users", "{not json", TOKEN).json().get("scimType").asText())
        .isEqualTo("invalidSyntax");
    assertThat(send("POST", "/Users", "{\"userName\":\"no-email\"}", TOKEN).status())
        .isEqualTo(400);

    assertThat(send("POST", "/Users", user, TOKEN).status()).isEqualTo(201);
    Answer dup = send("POST", "/Users", "{\"userName\":\"EVE@corp.example\"}", TOKEN);
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().get("scimType").asText()).isEqualTo("uniqueness");
    assertThat(send("GET", "/Users", null, TOKEN).json().get("totalResults").asInt()).isEqualTo(1);
    assertThat(send("PATCH", "/Users/nope", "{\"Operations\":[]}", TOKEN).status()).isEqualTo(404);
  }
}
