package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.server.ScaleOutCluster.Gateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes on one embedded PostgreSQL: a lock made through one gateway's admin API
 * ends a slow 1 GiB download running through the other (the change feed carries it). Prints the
 * lock-to-cut latency over 20 tries.
 */
class LiveTerminationScaleOutTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static SlowUpstream upstream;
  static ScaleOutCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    upstream = new SlowUpstream();
    cluster = new ScaleOutCluster();
    cluster.startGateways(2, upstream.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    upstream.close();
  }

  /** A slow download through {@code g}, retried until {@code g} knows the token. */
  static LiveStream download(Gateway g, String[] creds) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      LiveStream s = new LiveStream(g.port, LiveStream.get("wiki.test", "/big", creds));
      if (s.awaitHead().startsWith("HTTP/1.1 200")) {
        s.awaitBytes(64 * 1024);
        return s;
      }
      s.close();
      assertThat(System.nanoTime())
          .as("gateway %d lets the token in", g.index)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aLockThroughOneGatewayCutsADownloadThroughTheOtherWithinOneSecond() throws Exception {
    Gateway via = cluster.gateways.get(0);
    Gateway other = cluster.gateways.get(1);
    HttpResponse<String> r =
        via.admin("POST", "/api/v1/tokens", "{\"name\":\"bot-live\",\"apps\":[\"wiki\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode t = JSON.readTree(r.body());
    String[] creds = {
      "Drawbridge-Client-Id", t.get("client_id").asText(),
      "Drawbridge-Client-Secret", t.get("client_secret").asText()
    };
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try (LiveStream s = download(other, creds)) {
        long t0 = System.nanoTime();
        HttpResponse<String> l =
            via.admin("POST", "/api/v1/locks", "{\"principal\":\"bot-live\",\"reason\":\"test\"}");
        assertThat(l.statusCode()).as(l.body()).isIn(200, 201);
        assertThat(s.awaitEnd(5000))
            .as("try %d: the download through the other gateway ended", i)
            .isTrue();
        assertThat(s.bytes.get()).isLessThan(SlowUpstream.SIZE);
        ms.add((s.endedAtNanos - t0) / 1_000_000);
      }
      assertThat(via.admin("DELETE", "/api/v1/locks/bot-live", null).statusCode()).isIn(200, 204);
    }
    System.out.println(
        "live termination (across two gateways): " + LiveTerminationTest.summary(ms));
  }
}
