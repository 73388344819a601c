package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Slow header reads are cut off; drain lets the request in flight finish, then stops. */
class TimeoutAndDrainTest {
  @Test
  void connectionThatNeverCompletesItsHeadersIsClosed() throws Exception {
    try (TestUpstream up = new TestUpstream();
        TestGateway gw = new TestGateway(up.url(), TestGateway.shortTimeouts());
        Socket s = new Socket("127.0.0.1", gw.server.port())) {
      s.getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: wiki.test\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(10_000);
      long t0 = System.nanoTime();
      InputStream in = s.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(9));
      assertThat(up.seen).isEmpty();
    }
  }

  @Test
  void drainLetsTheRequestInFlightFinishAndRefusesNewConnections() throws Exception {
    try (TestUpstream up = new TestUpstream()) {
      TestGateway gw = new TestGateway(up.url());
      int port = gw.server.port();
      CompletableFuture<String> slow =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return gw.raw(
                      "GET /slow HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
                } catch (Exception e) {
                  return e.toString();
                }
              });
      while (gw.server.inFlight() == 0) {
        Thread.sleep(10);
      }
      gw.server.drain(Duration.ofSeconds(10));
      assertThat(slow.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200");
      assertThat(
              CompletableFuture.supplyAsync(
                      () -> {
                        try (Socket s = new Socket("127.0.0.1", port)) {
                          return "connected";
                        } catch (Exception e) {
                          return "refused";
                        }
                      })
                  .get(5, TimeUnit.SECONDS))
          .isEqualTo("refused");
    }
  }
}
