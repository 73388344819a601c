package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.server.ScaleOutCluster.Gateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A gateway on a shared PostgreSQL store that cannot read the change feed for longer than {@code
 * store.max_staleness} fails closed: what a service token would be allowed gets 503 with the reason
 * {@code control_plane_stale} in the audit log, since a revocation made through another process
 * could not reach it. Unauthenticated requests are still answered as before (401), and once the
 * database is back the gateway decides normally again by itself.
 */
class StaleControlPlaneTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void failsClosedWhenTheStoreCannotBeReadForLongerThanMaxStalenessAndRecovers() throws Exception {
    try (EchoUpstream upstream = new EchoUpstream();
        ScaleOutCluster cluster = new ScaleOutCluster()) {
      cluster.storeOptions = ", max_staleness: 1s";
      cluster.startGateways(1, upstream.url());
      Gateway g = cluster.gateways.get(0);
      HttpResponse<String> created =
          g.admin("POST", "/api/v1/tokens", "{\"name\":\"bot-stale\",\"apps\":[\"wiki\"]}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode t = JSON.readTree(created.body());
      String[] creds = {
        "Drawbridge-Client-Id", t.get("client_id").asText(),
        "Drawbridge-Client-Secret", t.get("client_secret").asText()
      };
      ScaleOutTest.await(() -> ScaleOutTest.status(g, creds) == 200, 5000, "token allowed");

      long t0 = System.nanoTime();
      cluster.stopPostgres();
      ScaleOutTest.await(
          () -> ScaleOutTest.status(g, creds) == 503, 15_000, "503 once the store is stale");
      long failedClosedAfter = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ScaleOutTest.status(g)).as("no credentials: still decided").isEqualTo(401);

      cluster.startPostgres();
      long t1 = System.nanoTime();
      ScaleOutTest.await(
          () -> ScaleOutTest.status(g, creds) == 200, 30_000, "allowed again after the restart");
      long recoveredAfter = (System.nanoTime() - t1) / 1_000_000;
      System.out.printf(
          "stale control plane: 503 %d ms after PostgreSQL stopped (max_staleness 1 s);"
              + " allowed again %d ms after it restarted%n",
          failedClosedAfter, recoveredAfter);
      // the last good read was at most one poll (250 ms) before the stop began
      assertThat(failedClosedAfter).as("not before max_staleness").isGreaterThanOrEqualTo(700);

      List<JsonNode> stale = staleEvents(g.data.resolve("audit"));
      assertThat(stale).as("audit events with reason control_plane_stale").isNotEmpty();
      JsonNode e = stale.get(0);
      assertThat(e.get("decision").asText()).isEqualTo("deny");
      assertThat(e.get("status").asInt()).isEqualTo(503);
      assertThat(e.get("principal").asText()).isEqualTo("bot-stale");
    }
  }

  private static List<JsonNode> staleEvents(Path auditDir) throws Exception {
    try (Stream<Path> files = Files.list(auditDir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("segment-"))
          .filter(p -> p.getFileName().toString().endsWith(".jsonl"))
          .sorted()
          .flatMap(StaleControlPlaneTest::lines)
          .map(StaleControlPlaneTest::parse)
          .filter(n -> "control_plane_stale".equals(n.path("reason").asText()))
          .toList();
    }
  }

  private static Stream<String> lines(Path p) {
    try {
      return Files.readAllLines(p).stream();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
