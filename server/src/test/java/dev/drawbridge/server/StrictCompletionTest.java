package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * In strict durability a response is handed to its event loop without waking it, and the audit
 * writer wakes the loops once per written batch ({@code GatewayServer.wakeLoops}). Without that
 * wake-up a response waits until the loop wakes for something else — its next timer, seconds later
 * — so each request here must be answered well inside that.
 */
class StrictCompletionTest {
  @Test
  void eachResponseLeavesOnceItsBatchIsWrittenNotAtTheLoopsNextTimer() throws Exception {
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(ConfigReloadTest.BASE.replace("UP", up.url()))) {
      assertThat(h.server.audit().durability().name()).isEqualTo("STRICT");
      long seq = h.server.audit().lastSeq();
      for (int i = 0; i < 20; i++) {
        HttpRequest req =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + h.server.gatewayPort() + "/strict/" + i))
                .header("Host", "wiki.test")
                .timeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> r = h.http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
      }
      assertThat(h.server.audit().lastSeq()).isGreaterThanOrEqualTo(seq + 20);
    }
  }
}
