package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A correlation that keeps firing for one principal within its timespan is one stored alert whose
 * count grows; the audit log has its {@code alert_raised} and then one {@code alert_updated} per
 * further firing, all with the same id.
 */
class AlertGroupingEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RULE = "drawbridge.bulk-resource-access";

  EchoUpstream upstream;
  ServerHarness h;
  final List<Map<String, Object>> alertEvents = new CopyOnWriteArrayList<>();

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
                resources:
                  - {match: "/scm/{project}/{repo}.git/**", id: "{project}/{repo}"}
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
            """
                .replace("UP", upstream.url()));
    h.server
        .audit()
        .addListener(
            r -> {
              Object e = r.fields().get("event");
              if ("alert_raised".equals(e) || "alert_updated".equals(e)) {
                alertEvents.add(r.fields());
              }
            });
  }

  @AfterEach
  void stop() {
    h.close();
    upstream.close();
  }

  @Test
  void seventyFiveRepositoriesInAnHourAreOneBulkAccessAlertWithCountSeventyFive() throws Exception {
    HttpResponse<String> made =
        h.admin("POST", "/api/v1/tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    JsonNode t = JSON.readTree(made.body());
    for (int i = 0; i < 75; i++) {
      assertThat(
              h.get(
                      "git.test",
                      "/scm/net/repo-" + i + ".git/info/refs",
                      "Drawbridge-Client-Id",
                      t.get("client_id").asText(),
                      "Drawbridge-Client-Secret",
                      t.get("client_secret").asText())
                  .statusCode())
          .isEqualTo(200);
    }

    List<JsonNode> stored = new java.util.ArrayList<>();
    for (JsonNode a : JSON.readTree(h.admin("GET", "/api/v1/alerts", null).body())) {
      if (a.get("rule_id").asText().equals(RULE)) {
        stored.add(a);
      }
    }
    assertThat(stored).hasSize(1);
    JsonNode alert = stored.get(0);
    assertThat(alert.get("count").asLong()).isEqualTo(75);
    assertThat(alert.get("updates").asInt()).isEqualTo(2);
    assertThat(alert.get("request_ids")).hasSize(20);
    assertThat(alert.get("principal").asText()).isEqualTo("ci-bot");

    List<Map<String, Object>> mine =
        alertEvents.stream().filter(e -> RULE.equals(e.get("rule_id"))).toList();
    assertThat(mine)
        .extracting(e -> e.get("event"))
        .containsExactly("alert_raised", "alert_updated", "alert_updated");
    assertThat(mine).extracting(e -> e.get("id")).containsOnly(alert.get("id").asText());
    assertThat(mine)
        .extracting(e -> ((Number) e.get("count")).longValue())
        .containsExactly(25L, 50L, 75L);
  }
}
