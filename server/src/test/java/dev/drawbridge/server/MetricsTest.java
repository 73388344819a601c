package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics on the admin listener: Prometheus text, behind the admin token, counts that move.
 */
class MetricsTest {
  static final String CONFIG =
      """
      server: {listen: 127.0.0.1:0, admin_listen: localhost:0}
      data_dir: ${DATA}
      applications:
        - id: wiki
          hosts: [wiki.test]
          upstream: UP
          policies:
            - {name: public, decision: bypass, include: [{everyone: true}], paths: ["/pub/**"]}
      """;

  @Test
  void countsDecisionsByAppAndDecisionAndShowsTheAuditLogsState() throws Exception {
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(CONFIG.replace("UP", up.url()))) {
      for (int i = 0; i < 3; i++) {
        assertThat(h.get("wiki.test", "/pub/a").statusCode()).isEqualTo(200);
      }
      assertThat(h.get("wiki.test", "/private").statusCode()).isEqualTo(401);
      assertThat(h.get("nowhere.test", "/").statusCode()).isEqualTo(404);

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                String m = h.admin("GET", "/metrics", null).body();
                assertThat(m)
                    .contains(
                        "drawbridge_access_total{app=\"wiki\",decision=\"allow\",reason=\"bypass\"}"
                            + " 3.0")
                    .contains(
                        "drawbridge_access_total{app=\"wiki\",decision=\"deny\","
                            + "reason=\"unauthenticated\"} 1.0")
                    .contains(
                        "drawbridge_access_total{app=\"none\",decision=\"deny\","
                            + "reason=\"unknown_host\"} 1.0")
                    .contains("drawbridge_audit_events_total{event=\"access\"} 5.0")
                    .contains("drawbridge_audit_events_total{event=\"config_loaded\"} 1.0")
                    .contains("drawbridge_access_duration_seconds_count{app=\"wiki\"} 4")
                    .contains(
                        "drawbridge_access_duration_seconds_bucket{app=\"wiki\",le=\"+Inf\"} 4")
                    .contains("drawbridge_audit_healthy 1.0")
                    .contains("drawbridge_audit_head_seq 6.0")
                    .contains("drawbridge_audit_batched_lost_total 0.0")
                    .contains("drawbridge_store_retried_transactions_total 0.0")
                    .contains("drawbridge_control_sync_age_seconds ")
                    .contains("drawbridge_gateway_in_flight 0.0")
                    .contains("jvm_memory_used_bytes");
              });
      HttpResponse<String> ok = h.admin("GET", "/metrics", null);
      assertThat(ok.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(h.admin("POST", "/metrics", "{}").statusCode()).isEqualTo(405);

      HttpResponse<String> anonymous =
          h.http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + h.server.adminPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("drawbridge_access_total");
    }
  }
}
