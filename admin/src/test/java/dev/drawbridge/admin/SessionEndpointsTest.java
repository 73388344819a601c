package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.admin.AdminFixture.Answer;
import dev.drawbridge.control.Containment;
import dev.drawbridge.identity.session.SessionCheck;
import dev.drawbridge.identity.session.SessionManager;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/sessions} and {@code DELETE /api/v1/sessions/{id}} over real sessions of a
 * real session manager and store: listed without their cookies, revoked through the store and its
 * change feed (the control plane tells the data plane), on record in the audit log.
 */
class SessionEndpointsTest {
  AdminFixture f;
  SessionManager.NewSession ana;
  SessionManager.NewSession bob;

  @BeforeEach
  void start() throws Exception {
    f = new AdminFixture();
    ana =
        f.sessions.create(
            "ana@corp.example",
            List.of("engineering"),
            "okta",
            List.of("pwd", "mfa"),
            f.clock.instant());
    f.clock.advance(Duration.ofMinutes(1));
    bob =
        f.sessions.create(
            "bob@corp.example", List.of("sales"), "local", List.of("hwk"), f.clock.instant());
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private static HttpHeaders cookie(String value) {
    return new DefaultHttpHeaders().add("cookie", "drawbridge_session=" + value);
  }

  private List<String> ids(Answer a) {
    List<String> out = new ArrayList<>();
    a.json().forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  @Test
  void listsActiveSessionsNewestFirstWithTheirIdsNeverTheirCookies() throws Exception {
    Answer a = f.get("sessions");
    assertThat(a.status()).isEqualTo(200);
    assertThat(ids(a)).containsExactly(bob.session().id(), ana.session().id());
    JsonNode s = a.json().get(1);
    assertThat(s.get("principal").asText()).isEqualTo("ana@corp.example");
    assertThat(s.get("idp").asText()).isEqualTo("okta");
    assertThat(s.get("amr").toString()).isEqualTo("[\"pwd\",\"mfa\"]");
    assertThat(s.get("groups").toString()).isEqualTo("[\"engineering\"]");
    assertThat(s.get("created_at").asText()).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(s.get("last_seen_at").asText()).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(s.get("expires_at").asText()).isEqualTo("2026-11-30T22:00:00Z");
    assertThat(s.get("idle_expires_at").asText()).isEqualTo("2026-11-30T11:00:00Z");
    assertThat(a.text()).doesNotContain(ana.cookieValue()).doesNotContain(bob.cookieValue());
  }

  @Test
  void filtersByPrincipalIgnoringCase() throws Exception {
    assertThat(ids(f.get("sessions?principal=ANA%40corp.example")))
        .containsExactly(ana.session().id());
    assertThat(ids(f.get("sessions?principal=nobody%40corp.example"))).isEmpty();
    Answer bad = f.get("sessions?user=ana");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("fields").has("user")).isTrue();
  }

  @Test
  void leavesOutSessionsPastTheirIdleTimeout() throws Exception {
    f.clock.advance(Duration.ofMinutes(59).plusSeconds(30)); // ana idle for 60.5 min, bob 59.5
    assertThat(ids(f.get("sessions"))).containsExactly(bob.session().id());
  }

  @Test
  void revokingEndsTheSessionTellsTheDataPlaneAndIsAudited() throws Exception {
    List<String> contained = new ArrayList<>();
    f.control.contain(
        new Containment() {
          @Override
          public void principalLocked(String principal, String reason) {}

          @Override
          public void credentialEnded(String credentialId, String reason) {}

          @Override
          public void sessionRevoked(String sessionId, String reason) {
            contained.add(sessionId + " " + reason);
          }
        });
    String id = ana.session().id();
    assertThat(f.sessions.check(cookie(ana.cookieValue()), false, f.clock.instant()).session())
        .isPresent();

    Answer r = f.delete("sessions/" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("principal").asText()).isEqualTo("ana@corp.example");
    assertThat(r.json().get("revoked").asBoolean()).isTrue();

    SessionCheck after = f.sessions.check(cookie(ana.cookieValue()), false, f.clock.instant());
    assertThat(after.session()).isEmpty();
    assertThat(f.store.sessions().find(id).orElseThrow().revokedAt()).isNotNull();
    assertThat(ids(f.get("sessions"))).containsExactly(bob.session().id());
    assertThat(f.sessions.check(cookie(bob.cookieValue()), false, f.clock.instant()).session())
        .isPresent();

    f.control.refresh(); // the change feed, as every gateway reads it
    assertThat(contained).containsExactly(id + " " + Containment.SESSION_REVOKED);

    JsonNode e =
        f.auditEvents().stream()
            .filter(n -> n.get("event").asText().equals("session_revoked"))
            .findFirst()
            .orElseThrow();
    assertThat(e.get("actor").asText()).isEqualTo(AdminAudit.ACTOR);
    assertThat(e.get("principal").asText()).isEqualTo("ana@corp.example");
    assertThat(e.at("/details/session_id").asText()).isEqualTo(id);
    assertThat(e.toString()).doesNotContain(ana.cookieValue());
  }

  @Test
  void anUnknownOrAlreadyRevokedIdIsNotFoundAndNotAudited() throws Exception {
    Answer unknown = f.delete("sessions/" + "0".repeat(64));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
    assertThat(f.delete("sessions/" + ana.session().id()).status()).isEqualTo(200);
    assertThat(f.delete("sessions/" + ana.session().id()).status()).isEqualTo(404);
    // the cookie value is not an id
    assertThat(f.delete("sessions/" + bob.cookieValue()).status()).isEqualTo(404);
    assertThat(f.sessions.check(cookie(bob.cookieValue()), false, f.clock.instant()).session())
        .isPresent();
    long revoked =
        f.auditEvents().stream()
            .filter(n -> n.get("event").asText().equals("session_revoked"))
            .count();
    assertThat(revoked).isEqualTo(1);
  }
}
