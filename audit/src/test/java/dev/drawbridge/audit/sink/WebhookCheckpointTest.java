package dev.drawbridge.audit.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.LatestCheckpoint;
import dev.drawbridge.config.AuditConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §2: the webhook sink receives every signed checkpoint, so a copy lives elsewhere. */
class WebhookCheckpointTest {
  @TempDir Path dir;

  @Test
  void theWebhookReceivesEverySignedCheckpointAsWrittenInTheLog() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ObjectMapper json = new ObjectMapper();
    server.createContext(
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
    server.start();
    try (WebhookSink sink =
        new WebhookSink(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"))) {
      try (AuditLog log = AuditLog.open(dir, AuditConfig.defaults(), Clock.systemUTC())) {
        log.addListener(sink);
        log.addCheckpointListener(sink::checkpoint);
        for (int i = 0; i < 3; i++) {
          log.append(Map.of("event", "access", "principal", "eve")).join();
        }
      } // closing writes the final checkpoint
      String latest = LatestCheckpoint.read(dir).orElseThrow();
      for (int i = 0; i < 200 && received.stream().noneMatch(n -> n.has("checkpoint")); i++) {
        Thread.sleep(50);
      }

      List<JsonNode> checkpoints =
          received.stream().filter(n -> n.has("checkpoint")).map(n -> n.get("checkpoint")).toList();
      assertThat(checkpoints).isNotEmpty();
      JsonNode last = checkpoints.get(checkpoints.size() - 1);
      assertThat(last.get("seq").asLong()).isEqualTo(3);
      assertThat(last).isEqualTo(json.readTree(latest)); // signature and all
      assertThat(received.stream().filter(n -> n.has("event")).count()).isEqualTo(3);
    } finally {
      server.stop(0);
    }
  }
}
