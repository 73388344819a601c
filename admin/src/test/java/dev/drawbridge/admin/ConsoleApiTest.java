package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.admin.AdminFixture.Answer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API routes the console uses, over HTTP, with the admin token. */
class ConsoleApiTest {
  AdminFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new AdminFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void policyExplainAnswersAsTheCliDoesAndNamesBadFields() throws Exception {
    Answer ok =
        f.post(
            "policy/explain",
            "{\"app\":\"wiki\",\"token\":\"ci-bot\",\"ip\":\"127.0.0.1\",\"path\":\"/x\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().get("decision").asText()).isEqualTo("allow");
    assertThat(ok.json().get("policy").asText()).isEqualTo("ci-bot");
    assertThat(ok.json().get("trace").get(0).get("policy").asText()).isEqualTo("engineers");
    assertThat(ok.json().get("trace").get(1).get("decided").asBoolean()).isTrue();
    Answer far =
        f.post(
            "policy/explain",
            "{\"app\":\"wiki\",\"token\":\"ci-bot\",\"ip\":\"198.51.100.7\",\"path\":\"/x\"}");
    assertThat(far.json().get("decision").asText()).isEqualTo("deny");
    Answer bad = f.post("policy/explain", "{\"app\":\"nope\",\"path\":\"x\",\"ip\":\"1.2.3\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("fields").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("app", "path", "ip");
  }

  @Test
  void applicationsListTheirPoliciesInOrder() throws Exception {
    Answer a = f.get("applications");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get(1).get("id").asText()).isEqualTo("wiki");
    assertThat(a.json().get(1).at("/policies/1/include/0").asText())
        .isEqualTo("service_token: ci-bot");
    assertThat(a.json().get(1).at("/policies/1/require/0").asText()).isEqualTo("ip: 127.0.0.0/8");
  }

  @Test
  void theAuditLogHoldsEveryEventTypeAndPages() throws Exception {
    assertThat(f.post("tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}").status())
        .isEqualTo(201);
    for (int i = 0; i < 3; i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", "access");
      e.put("app", "git");
      e.put("principal", "ci-bot");
      e.put("decision", "allow");
      f.audit.append(e).get(10, TimeUnit.SECONDS);
    }
    Answer all = f.get("audit/log?principal=ci-bot&limit=2");
    assertThat(all.json().get("events")).hasSize(2);
    assertThat(all.json().at("/events/0/event").asText()).isEqualTo("token_created");
    long after = all.json().at("/next/after").asLong();
    Answer rest =
        f.get(
            "audit/log?principal=ci-bot&limit=2&after="
                + after
                + "&since="
                + all.json().at("/next/since").asText());
    assertThat(rest.json().get("events")).hasSize(2);
    assertThat(rest.json().at("/events/0/seq").asLong()).isGreaterThan(after);
    assertThat(rest.json().get("next").isNull()).isTrue();
    assertThat(f.get("audit/log?event=token_created").json().get("events")).hasSize(1);
    assertThat(f.get("audit/log?limit=0").status()).isEqualTo(400);
  }

  @Test
  void acknowledgingAnUnknownAlertIs404AndAKnownOneIsAudited() throws Exception {
    assertThat(f.post("alerts/nope/acknowledge", "{}").status()).isEqualTo(404);
    f.control
        .alerts()
        .save(
            "a1",
            f.clock.instant(),
            "r",
            "eve",
            "{\"id\":\"a1\",\"rule_id\":\"r\",\"level\":\"high\",\"principal\":\"eve\",\"time\":\""
                + f.clock.instant()
                + "\"}");
    Answer ack = f.post("alerts/a1/acknowledge", "{\"by\":\"ops\"}");
    assertThat(ack.status()).isEqualTo(200);
    assertThat(ack.json().get("acknowledged_by").asText()).isEqualTo("ops");
    assertThat(f.get("alerts/groups").json().get(0).get("open").asLong()).isZero();
    assertThat(f.auditEvents())
        .anySatisfy(
            e -> {
              assertThat(e.get("event").asText()).isEqualTo("alert_acknowledged");
              assertThat(e.get("principal").asText()).isEqualTo("eve");
              assertThat(e.at("/details/alert_id").asText()).isEqualTo("a1");
            });
  }

  @Test
  void theOverviewRefusesAnOutOfRangePeriodAndTheIncidentAnUnknownZone() throws Exception {
    assertThat(f.get("overview?hours=0").status()).isEqualTo(400);
    assertThat(f.get("overview?hours=24").json().get("series")).hasSize(24);
    Answer tz = f.get("incidents?principal=eve&tz=Mars/Olympus");
    assertThat(tz.status()).isEqualTo(400);
    assertThat(tz.json().at("/fields/tz").asText()).contains("is not a time zone");
  }
}
