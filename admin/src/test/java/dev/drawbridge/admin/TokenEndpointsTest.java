package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.admin.AdminFixture.Answer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenEndpointsTest {
  private AdminFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new AdminFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private JsonNode create(String name) throws Exception {
    Answer a =
        f.post(
            "tokens",
            "{\"name\":\""
                + name
                + "\",\"apps\":[\"git\"],\"expires\":\"30d\","
                + "\"cidrs\":[\"127.0.0.0/8\"],\"owner\":\"ana@corp.example\","
                + "\"labels\":{\"vendor\":\"acme\"}}");
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    return a.json();
  }

  @Test
  void createsATokenAndShowsItsSecretOnlyInTheCreateAnswer() throws Exception {
    JsonNode t = create("ci-bot");

    assertThat(t.get("name").asText()).isEqualTo("ci-bot");
    assertThat(t.get("apps").get(0).asText()).isEqualTo("git");
    assertThat(t.get("expires_at").asText()).isEqualTo("2026-12-30T10:00:00Z");
    String secret = t.get("client_secret").asText();
    assertThat(f.works(t.get("client_id").asText(), secret)).isTrue();
    Answer list = f.get("tokens");
    Answer show = f.get("tokens/ci-bot");
    assertThat(list.json()).hasSize(1);
    assertThat(list.text()).doesNotContain(secret).doesNotContain("client_secret");
    assertThat(show.json().get("id").asText()).isEqualTo(t.get("id").asText());
    assertThat(show.json().get("status").asText()).isEqualTo("active");
    assertThat(show.text()).doesNotContain("client_secret");
  }

  @Test
  void recordsTheCreationInTheAuditLogWithoutTheSecret() throws Exception {
    JsonNode t = create("ci-bot");

    List<JsonNode> events = f.auditEvents();
    assertThat(events).hasSize(1);
    JsonNode e = events.get(0);
    assertThat(e.get("event").asText()).isEqualTo("token_created");
    assertThat(e.get("principal").asText()).isEqualTo("ci-bot");
    assertThat(e.get("actor").asText()).isEqualTo("admin");
    assertThat(e.get("details").get("token_id").asText()).isEqualTo(t.get("id").asText());
    assertThat(e.toString()).doesNotContain(t.get("client_secret").asText());
  }

  @Test
  void answersMalformedJsonWithABodyError() throws Exception {
    Answer a = f.post("tokens", "{\"name\": ");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("error").asText()).isEqualTo("invalid_request");
    assertThat(a.json().get("fields").get("body").asText()).contains("not valid JSON");
  }

  @Test
  void namesEveryBadFieldAndCreatesNothing() throws Exception {
    Answer a =
        f.post(
            "tokens",
            "{\"name\":\"Bad Name\",\"apps\":[\"git\",\"nope\"],\"expires\":\"soon\","
                + "\"cidrs\":[\"10.0.0.0/33\"],\"labels\":{\"k\":1},\"colour\":\"red\"}");

    assertThat(a.status()).isEqualTo(400);
    JsonNode fields = a.json().get("fields");
    assertThat(fields.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("name", "apps[1]", "expires", "cidrs[0]", "labels.k", "colour");
    assertThat(fields.get("apps[1]").asText()).contains("\"nope\"").contains("git, wiki");
    assertThat(fields.get("expires").asText()).contains("expected");
    assertThat(f.get("tokens").json()).isEmpty();
    assertThat(f.auditEvents()).isEmpty();
  }

  @Test
  void requiresANameAndAtLeastOneApplication() throws Exception {
    Answer a = f.post("tokens", "{}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("fields").fieldNames()).toIterable().containsExactly("name", "apps");
  }

  @Test
  void refusesASecondTokenWithTheSameName() throws Exception {
    create("ci-bot");

    Answer a = f.post("tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("fields").get("name").asText()).contains("no other token");
  }

  @Test
  void rotatesWithAGraceDuringWhichBothSecretsWork() throws Exception {
    JsonNode t = create("ci-bot");
    String clientId = t.get("client_id").asText();
    String old = t.get("client_secret").asText();

    Answer r = f.post("tokens/ci-bot/rotate", "{\"grace\":\"1h\"}");

    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String fresh = r.json().get("client_secret").asText();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(f.works(clientId, fresh)).isTrue();
    assertThat(f.works(clientId, old)).isTrue();
    f.clock.advance(Duration.ofMinutes(61));
    assertThat(f.works(clientId, old)).isFalse();
    assertThat(f.works(clientId, fresh)).isTrue();
    assertThat(f.get("tokens/ci-bot").text()).doesNotContain(fresh);
    assertThat(f.auditEvents().get(1).get("event").asText()).isEqualTo("token_rotated");
  }

  @Test
  void recordsNoGraceInTheAuditEventWhenAnExposedTokenIsRotated() throws Exception {
    JsonNode t = create("acme-sync");
    String old = t.get("client_secret").asText();
    Answer breach = f.post("breaches", "{\"vendor\":\"acme\",\"since\":\"2026-12-01\"}");
    assertThat(breach.status()).as(breach.text()).isEqualTo(201);

    Answer r = f.post("tokens/acme-sync/rotate", "{}");

    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(f.works(t.get("client_id").asText(), old)).isFalse();
    JsonNode rotated = rotatedEvent("acme-sync");
    assertThat(rotated.get("details").get("grace").asText()).isEqualTo("0s");
    assertThat(rotated.get("details").get("previous_secret_valid_until").isNull()).isTrue();
  }

  @Test
  void recordsTheDefaultGraceInTheAuditEventOfAnOrdinaryRotation() throws Exception {
    create("ci-bot");

    assertThat(f.post("tokens/ci-bot/rotate", "{}").status()).isEqualTo(200);

    JsonNode rotated = rotatedEvent("ci-bot");
    assertThat(rotated.get("details").get("grace").asText()).isEqualTo("1d");
    assertThat(rotated.get("details").get("previous_secret_valid_until").asText())
        .isEqualTo("2026-12-01T10:00:00Z");
  }

  /** The one token_rotated event of {@code name} in the audit log. */
  private JsonNode rotatedEvent(String name) throws Exception {
    List<JsonNode> rotated =
        f.auditEvents().stream()
            .filter(e -> e.get("event").asText().equals("token_rotated"))
            .filter(e -> e.get("principal").asText().equals(name))
            .toList();
    assertThat(rotated).hasSize(1);
    return rotated.get(0);
  }

  @Test
  void rejectsABadGraceWithoutRotating() throws Exception {
    JsonNode t = create("ci-bot");

    Answer r = f.post("tokens/ci-bot/rotate", "{\"grace\":\"45d\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("fields").get("grace").asText()).contains("30d");
    assertThat(f.works(t.get("client_id").asText(), t.get("client_secret").asText())).isTrue();
  }

  @Test
  void revokesATokenEffectiveOnItsNextUse() throws Exception {
    JsonNode t = create("ci-bot");

    Answer r = f.post("tokens/" + t.get("id").asText() + "/revoke", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("revoked");
    assertThat(f.works(t.get("client_id").asText(), t.get("client_secret").asText())).isFalse();
    assertThat(f.auditEvents().get(1).get("event").asText()).isEqualTo("token_revoked");
  }

  @Test
  void answers404ForATokenThatDoesNotExist() throws Exception {
    assertThat(f.get("tokens/ghost").status()).isEqualTo(404);
    assertThat(f.post("tokens/ghost/rotate", "{}").status()).isEqualTo(404);
    assertThat(f.post("tokens/ghost/revoke", "{}").json().get("error").asText())
        .isEqualTo("not_found");
  }

  @Test
  void refusesToRotateARevokedToken() throws Exception {
    create("ci-bot");
    f.post("tokens/ci-bot/revoke", null);

    assertThat(f.post("tokens/ci-bot/rotate", null).status()).isEqualTo(409);
  }
}
