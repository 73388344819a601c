package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What is already flowing obeys the control plane (SPEC §4): a lock or a revocation made through
 * the admin API ends that principal's slow 1 GiB download and its WebSocket tunnel, the access
 * event says {@code terminated} with the bytes sent so far, and another principal's download on the
 * same (only) event loop goes on.
 */
class LiveTerminationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  SlowUpstream upstream;
  ServerHarness h;

  @BeforeEach
  void start() throws Exception {
    upstream = new SlowUpstream();
    h =
        new ServerHarness(
            """
            server: {listen: 127.0.0.1:0, admin_listen: localhost:0, public_url: http://gw.test,
                     event_loops: 1}
            data_dir: ${DATA}
            applications:
              - id: files
                hosts: [files.test]
                upstream: UP
                policies:
                  - {name: services, decision: allow, include: [{any_service_token: true}]}
            """
                .replace("UP", upstream.url()));
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
    upstream.close();
  }

  String[] token(String name) throws Exception {
    HttpResponse<String> r =
        h.admin("POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"apps\":[\"files\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode t = JSON.readTree(r.body());
    return new String[] {
      "Drawbridge-Client-Id", t.get("client_id").asText(),
      "Drawbridge-Client-Secret", t.get("client_secret").asText()
    };
  }

  LiveStream download(String[] creds) throws Exception {
    LiveStream s =
        new LiveStream(h.server.gatewayPort(), LiveStream.get("files.test", "/big", creds));
    assertThat(s.awaitHead()).startsWith("HTTP/1.1 200");
    s.awaitBytes(64 * 1024);
    assertThat(s.bytes.get()).isPositive();
    return s;
  }

  void lock(String name) throws Exception {
    HttpResponse<String> r =
        h.admin("POST", "/api/v1/locks", "{\"principal\":\"" + name + "\",\"reason\":\"test\"}");
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
  }

  Optional<Map<String, Object>> terminatedEvent(String principal) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<Map<String, Object>> e =
          h.events(principal).stream().filter(x -> x.get("terminated") != null).findFirst();
      if (e.isPresent()) {
        return e;
      }
      Thread.sleep(20);
    }
    return Optional.empty();
  }

  @Test
  void aLockCutsASlowDownloadAndLeavesAnotherOnTheSameEventLoopRunning() throws Exception {
    String[] a = token("ci-a");
    String[] b = token("ci-b");
    try (LiveStream other = download(b);
        LiveStream cut = download(a)) {
      long t0 = System.nanoTime();
      lock("ci-a");
      assertThat(cut.awaitEnd(5000)).as("the locked download ended").isTrue();
      System.out.printf(
          "live termination: lock-to-cut %d ms (one gateway)%n",
          (cut.endedAtNanos - t0) / 1_000_000);
      assertThat(cut.bytes.get()).isLessThan(SlowUpstream.SIZE);

      long before = other.bytes.get();
      Thread.sleep(300);
      assertThat(other.ended.getCount()).as("the other download still open").isEqualTo(1);
      assertThat(other.bytes.get()).as("the other download still flowing").isGreaterThan(before);

      Map<String, Object> e = terminatedEvent("ci-a").orElseThrow();
      assertThat(e)
          .containsEntry("terminated", "locked")
          .containsEntry("decision", "allow")
          .containsEntry("status", 200);
      long sent = ((Number) e.get("bytes_out")).longValue();
      assertThat(sent).isPositive().isLessThan(SlowUpstream.SIZE);
      assertThat(terminatedEvent("ci-b")).isEmpty();
    }
  }

  @Test
  void aRevocationCutsAWebSocketTunnel() throws Exception {
    String[] a = token("ci-ws");
    try (LiveStream ws =
        new LiveStream(h.server.gatewayPort(), LiveStream.websocket("files.test", "/ws", a))) {
      assertThat(ws.awaitHead()).startsWith("HTTP/1.1 101");
      ws.send("hello".getBytes(StandardCharsets.US_ASCII));
      ws.awaitBytes(5);
      assertThat(ws.bytes.get()).isEqualTo(5);
      assertThat(h.admin("POST", "/api/v1/tokens/ci-ws/revoke", "{}").statusCode()).isEqualTo(200);
      assertThat(ws.awaitEnd(5000)).as("the tunnel ended").isTrue();
    }
  }

  @Test
  void anIdleKeepAliveConnectionOfALockedPrincipalStaysAndItsNextRequestIsRefused()
      throws Exception {
    String[] a = token("ci-idle");
    try (LiveStream s =
        new LiveStream(h.server.gatewayPort(), LiveStream.get("files.test", "/small", a))) {
      assertThat(s.awaitHead()).startsWith("HTTP/1.1 200");
      s.awaitBytes(2);
      assertThat(s.awaitEnd(300)).as("kept alive after its response").isFalse();
      lock("ci-idle");
      // nothing flows on it: closing it would race a client already sending its next request
      assertThat(s.awaitEnd(500)).as("the idle connection is left open").isFalse();
      s.send(LiveStream.get("files.test", "/small", a).getBytes(StandardCharsets.US_ASCII));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(s.text()).contains("HTTP/1.1 403").contains("access_denied"));
    }
  }

  @Test
  void aRevokedWebSocketSaysHowItEndedInATunnelEndEvent() throws Exception {
    List<Map<String, Object>> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
    h.server
        .audit()
        .addListener(
            r -> {
              if ("tunnel_end".equals(r.event())) {
                ends.add(r.fields());
              }
            });
    String[] a = token("ci-ws2");
    try (LiveStream ws =
        new LiveStream(h.server.gatewayPort(), LiveStream.websocket("files.test", "/ws", a))) {
      assertThat(ws.awaitHead()).startsWith("HTTP/1.1 101");
      ws.send("hello".getBytes(StandardCharsets.US_ASCII));
      ws.awaitBytes(5);
      lock("ci-ws2");
      assertThat(ws.awaitEnd(5000)).isTrue();
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (ends.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ends)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .containsEntry("principal", "ci-ws2")
                    .containsEntry("terminated", "locked")
                    .containsEntry("bytes_out", 5));
  }

  @Test
  void lockToCutLatencyOverTwentyTries() throws Exception {
    String[] a = token("ci-lat");
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try (LiveStream s = download(a)) {
        long t0 = System.nanoTime();
        lock("ci-lat");
        assertThat(s.awaitEnd(5000)).isTrue();
        ms.add((s.endedAtNanos - t0) / 1_000_000);
      }
      assertThat(h.admin("DELETE", "/api/v1/locks/ci-lat", null).statusCode()).isIn(200, 204);
    }
    System.out.println("live termination (one gateway): " + summary(ms));
  }

  static String summary(List<Long> ms) {
    List<Long> s = new ArrayList<>(ms);
    Collections.sort(s);
    long p50 = s.get((s.size() - 1) / 2);
    long p99 = s.get((int) Math.ceil(s.size() * 0.99) - 1);
    return "lock-to-cut over "
        + s.size()
        + " tries: p50 "
        + p50
        + " ms, p99 "
        + p99
        + " ms, max "
        + s.get(s.size() - 1)
        + " ms";
  }
}
