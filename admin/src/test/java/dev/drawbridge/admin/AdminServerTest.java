package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.admin.AdminFixture.Answer;
import dev.drawbridge.testkit.MutableClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private AdminFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new AdminFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void refusesRequestsWithoutTheRightAdminToken() throws Exception {
    Answer none = f.send("GET", "tokens", null, null);
    Answer wrong = f.send("GET", "tokens", null, "nope");
    Answer longer = f.send("POST", "locks", "{}", AdminFixture.TOKEN + "x");

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(longer.status()).isEqualTo(401);
  }

  @Test
  void answers404JsonForAnUnknownEndpoint() throws Exception {
    Answer a = f.get("nothing/here");

    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void locksListsAndUnlocksAPrincipal() throws Exception {
    Answer lock =
        f.post(
            "locks",
            "{\"principal\":\"Eve@Corp.example\",\"reason\":\"bulk download\",\"ttl\":\"24h\"}");

    assertThat(lock.status()).as(lock.text()).isEqualTo(201);
    assertThat(lock.json().get("expires_at").asText()).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(f.control.locks().lockOf("eve@corp.example")).isPresent();
    assertThat(f.get("locks").json()).hasSize(1);
    Answer unlock = f.delete("locks/eve@corp.example");
    assertThat(unlock.status()).isEqualTo(200);
    assertThat(f.control.locks().lockOf("eve@corp.example")).isEmpty();
    assertThat(f.delete("locks/eve@corp.example").status()).isEqualTo(404);
    assertThat(f.auditEvents())
        .extracting(e -> e.get("event").asText())
        .containsExactly("lock", "unlock");
  }

  @Test
  void unlocksAPrincipalWithAPlusInThePathAsCurlSendsIt() throws Exception {
    Answer lock =
        f.post("locks", "{\"principal\":\"ana+ops@corp.example\",\"reason\":\"phished\"}");
    assertThat(lock.status()).as(lock.text()).isEqualTo(201);
    assertThat(f.get("locks/ana%2Bops@corp.example").status()).isEqualTo(200);

    Answer unlock = f.delete("locks/ana+ops@corp.example");

    assertThat(unlock.status()).as(unlock.text()).isEqualTo(200);
    assertThat(unlock.json().get("principal").asText()).isEqualTo("ana+ops@corp.example");
    assertThat(f.control.locks().lockOf("ana+ops@corp.example")).isEmpty();
  }

  @Test
  void refusesMalformedPercentEncodingInThePathWith400NamingIt() throws Exception {
    // (a %-sequence that is not %XX never reaches the API: the client and the JDK server refuse it)
    for (String bad : List.of("locks/eve%C3%28@corp.example", "locks/%FF")) {
      Answer a = f.get(bad);

      assertThat(a.status()).as(bad + ": " + a.text()).isEqualTo(400);
      assertThat(a.json().get("fields").get("path").asText()).contains("/api/v1/" + bad);
    }
  }

  @Test
  void refusesALockWithoutAReason() throws Exception {
    Answer a = f.post("locks", "{\"principal\":\"eve@corp.example\",\"ttl\":\"forever\"}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("fields").fieldNames()).toIterable().containsExactly("reason", "ttl");
    assertThat(f.control.locks().list()).isEmpty();
  }

  @Test
  void refusesAnOverLargeLockTtlWith400NamingTheField() throws Exception {
    for (String ttl : List.of("999999999999d", "36501d", "P999999999D")) {
      Answer a =
          f.post(
              "locks",
              "{\"principal\":\"eve@corp.example\",\"reason\":\"x\",\"ttl\":\"" + ttl + "\"}");

      assertThat(a.status()).as(ttl + ": " + a.text()).isEqualTo(400);
      assertThat(a.json().get("fields").fieldNames()).toIterable().containsExactly("ttl");
    }
    assertThat(f.control.locks().list()).isEmpty();
    Answer century =
        f.post("locks", "{\"principal\":\"eve@corp.example\",\"reason\":\"x\",\"ttl\":\"36500d\"}");
    assertThat(century.status()).as(century.text()).isEqualTo(201);
  }

  @Test
  void refusesAnOverLargeGraceOrExpiryWith400NamingTheField() throws Exception {
    Answer create =
        f.post("tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"],\"expires\":\"999999999999d\"}");
    assertThat(create.status()).as(create.text()).isEqualTo(400);
    assertThat(create.json().get("fields").fieldNames()).toIterable().containsExactly("expires");
    f.post("tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    Answer rotate = f.post("tokens/ci-bot/rotate", "{\"grace\":\"999999999999d\"}");
    assertThat(rotate.status()).as(rotate.text()).isEqualTo(400);
    assertThat(rotate.json().get("fields").fieldNames()).toIterable().containsExactly("grace");
  }

  @Test
  void refusesAnOutOfRangeTimeWith400NamingTheField() throws Exception {
    for (String since :
        List.of("%2B999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "99999999999d")) {
      Answer alerts = f.get("alerts?since=" + since);
      assertThat(alerts.status()).as(since + ": " + alerts.text()).isEqualTo(400);
      assertThat(alerts.json().get("fields").fieldNames()).toIterable().containsExactly("since");
      Answer events = f.get("audit/events?since=" + since);
      assertThat(events.status()).as(since + ": " + events.text()).isEqualTo(400);
      assertThat(events.json().get("fields").fieldNames()).toIterable().containsExactly("since");
    }
    Answer breach =
        f.post("breaches", "{\"vendor\":\"okta\",\"since\":\"+999999999-01-01T00:00:00Z\"}");
    assertThat(breach.status()).as(breach.text()).isEqualTo(400);
    assertThat(breach.json().get("fields").fieldNames()).toIterable().containsExactly("since");
    assertThat(f.get("alerts?since=9999-12-31T23:59:59Z").status()).isEqualTo(200);
  }

  @Test
  void declaresABreachThatSuspendsTheVendorsTokens() throws Exception {
    f.post(
        "tokens", "{\"name\":\"okta-sync\",\"apps\":[\"git\"],\"labels\":{\"vendor\":\"okta\"}}");
    f.post("tokens", "{\"name\":\"other\",\"apps\":[\"git\"]}");

    Answer a = f.post("breaches", "{\"vendor\":\"okta\",\"since\":\"2026-12-01\"}");

    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("tokens")).extracting(JsonNode::asText).containsExactly("okta-sync");
    assertThat(a.json().get("action").asText()).isEqualTo("suspend");
    assertThat(f.get("tokens/okta-sync").json().get("status").asText()).isEqualTo("suspended");
    JsonNode e = f.auditEvents().get(2);
    assertThat(e.get("event").asText()).isEqualTo("breach_declared");
    assertThat(e.get("principal").asText()).isEqualTo("okta");
  }

  @Test
  void refusesABreachWithABadSinceOrAction() throws Exception {
    Answer a =
        f.post("breaches", "{\"vendor\":\"okta\",\"since\":\"last week\",\"action\":\"burn\"}");

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("fields").fieldNames()).toIterable().containsExactly("since", "action");
  }

  @Test
  void listsCredentialAuditFindings() throws Exception {
    f.post("tokens", "{\"name\":\"forever\",\"apps\":[\"git\"],\"expires\":\"never\"}");

    Answer a = f.get("credentials/audit");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json())
        .extracting(n -> n.get("kind").asText())
        .contains("no_expiry", "unrestricted_network");
    assertThat(a.json().get(0).get("token_name").asText()).isEqualTo("forever");
  }

  @Test
  void queriesAccessEventsByPrincipalDecisionAndTime() throws Exception {
    access("eve@corp.example", "git", "allow", "2026-11-30T08:00:00Z");
    access("eve@corp.example", "git", "deny", "2026-11-30T09:00:00Z");
    access("ana@corp.example", "wiki", "allow", "2026-11-30T09:30:00Z");

    Answer eve = f.get("audit/events?principal=eve@corp.example");
    Answer denied = f.get("audit/events?decision=deny");
    Answer recent = f.get("audit/events?since=90m&limit=5");
    Answer bad = f.get("audit/events?decision=maybe&limit=0&colour=red");

    assertThat(eve.json()).hasSize(2);
    assertThat(eve.json().get(0).get("time").asText()).startsWith("2026-11-30T08:00");
    assertThat(denied.json()).hasSize(1);
    assertThat(recent.json())
        .extracting(n -> n.get("principal").asText())
        .containsExactly("eve@corp.example", "ana@corp.example");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("fields").fieldNames()).toIterable().containsExactly("colour");
    assertThat(f.get("audit/events?decision=maybe&limit=0").json().get("fields").fieldNames())
        .toIterable()
        .containsExactly("decision", "limit");
  }

  private void access(String principal, String app, String decision, String time) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", "access");
    e.put("time", time);
    e.put("request_id", "r-" + time);
    e.put("app", app);
    e.put("principal", principal);
    e.put("principal_type", "user");
    e.put("decision", decision);
    e.put("reason", decision.equals("allow") ? "allowed_by_policy" : "no_policy_matched");
    f.audit.append(e).join();
  }

  @Test
  void listsAlertsNewestFirst() throws Exception {
    f.control
        .alerts()
        .save(
            "a1",
            Instant.parse("2026-11-30T08:00:00Z"),
            "drawbridge.bulk-download",
            "eve",
            "{\"id\":\"a1\"}");
    f.control
        .alerts()
        .save(
            "a2",
            Instant.parse("2026-11-30T09:00:00Z"),
            "drawbridge.denied-burst",
            "eve",
            "{\"id\":\"a2\"}");

    Answer all = f.get("alerts");
    Answer recent = f.get("alerts?since=90m");

    assertThat(all.json()).extracting(n -> n.get("id").asText()).containsExactly("a2", "a1");
    assertThat(recent.json()).extracting(n -> n.get("id").asText()).containsExactly("a2");
  }

  @Test
  void buildsAnIncidentReportOverTheAskedWindow() throws Exception {
    Answer a = f.get("incidents?principal=eve@corp.example&since=7d");

    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.json().get("principal").asText()).isEqualTo("eve@corp.example");
    assertThat(a.json().get("window").get("from").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(a.json().get("window").get("to").asText()).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(f.get("incidents").status()).isEqualTo(400);
  }

  @Test
  void invitesAUserAndRecordsTheInvitation() throws Exception {
    Answer a =
        f.post("users/invite", "{\"email\":\"New@Corp.example\",\"groups\":[\"engineering\"]}");

    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("url").asText()).contains("invite=");
    assertThat(f.invited).containsExactly("new@corp.example [engineering]");
    JsonNode e = f.auditEvents().get(0);
    assertThat(e.get("event").asText()).isEqualTo("user_invited");
    assertThat(e.toString()).doesNotContain("invite=abc");
    assertThat(f.post("users/invite", "{\"email\":\"nobody\"}").status()).isEqualTo(400);
  }

  @Test
  void acceptsRfc3339DatesAndRelativeTimes() {
    MutableClock clock = f.clock;
    assertThat(Times.parse("2026-11-30T11:00:00+01:00", clock)).isEqualTo("2026-11-30T10:00:00Z");
    assertThat(Times.parse("2026-11-01", clock)).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(Times.parse("2h", clock)).isEqualTo("2026-11-30T08:00:00Z");
    assertThat(Times.parse("7d", clock)).isEqualTo("2026-11-23T10:00:00Z");
    List.of("", "yesterday", "-2h", "2026-13-01")
        .forEach(
            s -> {
              try {
                Times.parse(s, clock);
                throw new AssertionError("accepted " + s);
              } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).contains("expected");
              }
            });
  }
}
