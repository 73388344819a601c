package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ServerConfig;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * 502 when the upstream is unreachable, 504 when it is too slow; a request whose client left is not
 * sent.
 */
class UpstreamFailureTest {
  @Test
  void unreachableUpstreamGets502() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TestGateway gw =
        new TestGateway("http://127.0.0.1:" + port, TestGateway.shortTimeouts())) {
      String resp = gw.raw("GET /x HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
      assertThat(resp).startsWith("HTTP/1.1 502").contains("Drawbridge-Request-Id");
      assertThat(gw.recorded).containsExactly("allow bypass 502 /x");
    }
  }

  @Test
  void slowUpstreamGets504() throws Exception {
    try (TestUpstream up = new TestUpstream();
        TestGateway gw = new TestGateway(up.url(), TestGateway.shortTimeouts())) {
      String resp = gw.raw("GET /slow HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
      assertThat(resp).startsWith("HTTP/1.1 504");
    }
  }

  @Test
  void aRequestWaitingForAPooledConnectionIsNotSentOnceItsClientLeft() throws Exception {
    var d = ServerConfig.Timeouts.defaults();
    var onePerLoop =
        new ServerConfig.Timeouts(
            d.headerRead(),
            d.idle(),
            d.upstreamConnect(),
            d.upstreamResponse(),
            d.drain(),
            d.maxHeaderBytes(),
            1);
    try (TestUpstream up = new TestUpstream();
        TestGateway gw = new TestGateway(up.url(), onePerLoop, 1)) {
      // the one upstream connection is busy for 1.5 s with /slow
      CompletableFuture<String> slow =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return gw.raw(
                      "GET /slow HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> up.seen.size() == 1);
      // a second client asks, waits for that connection, and leaves
      try (Socket s = new Socket("127.0.0.1", gw.server.port())) {
        OutputStream out = s.getOutputStream();
        out.write(
            "GET /gone HTTP/1.1\r\nHost: wiki.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gw.server.inFlight() == 2);
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> gw.recorded.contains("allow bypass 499 /gone"));
      assertThat(slow.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
      // the pool still works, and /gone never reached the upstream
      assertThat(gw.raw("GET /after HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 200");
      assertThat(up.seen).extracting(m -> m.get("uri")).containsExactly("/slow", "/after");
    }
  }
}
