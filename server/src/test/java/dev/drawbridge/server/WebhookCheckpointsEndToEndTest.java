package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** SPEC §2: a running server sends its signed checkpoints to the audit webhook. */
class WebhookCheckpointsEndToEndTest {
  @Test
  void theAuditWebhookReceivesTheServersSignedCheckpoints() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    ObjectMapper json = new ObjectMapper();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          for (JsonNode n :
              json.readTree(
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))) {
            received.add(n);
          }
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    hook.start();
    String config =
        MetricsTest.CONFIG.replace(
            "data_dir: ${DATA}",
            "data_dir: ${DATA}\naudit: {checkpoint_every: 1, webhook: \"http://127.0.0.1:"
                + hook.getAddress().getPort()
                + "/hook\"}");
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(config.replace("UP", up.url()))) {
      assertThat(h.get("wiki.test", "/pub/a").statusCode()).isEqualTo(200);

      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(received)
                      .anySatisfy(
                          n -> {
                            assertThat(n.has("checkpoint")).isTrue();
                            assertThat(n.get("checkpoint").get("seq").asLong()).isPositive();
                            assertThat(n.get("checkpoint").get("signature").asText()).isNotEmpty();
                          }));
    } finally {
      hook.stop(0);
    }
  }
}
