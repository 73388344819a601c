package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: the CLI never reports a plain failure for a change the server may have applied; it says
 * so and how to check. A server that takes the request and then loses its answer stands for one
 * that applied a lock and was slow or cut off.
 */
class AdminClientHonestyTest {

  @Test
  void aLockWhoseAnswerTimesOutIsReportedAsMaybeAppliedWithHowToCheck() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      CountDownLatch gotRequest = new CountDownLatch(1);
      Thread t = silentServer(server, gotRequest, false);
      AdminClient client =
          new AdminClient(
              "http://127.0.0.1:" + server.getLocalPort(), "tok", Duration.ofMillis(500));

      assertThatThrownBy(() -> client.post("locks", Map.of("principal", "eve@corp.example")))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("may have been applied")
          .hasMessageContaining("drawbridge lock ls");
      assertThat(gotRequest.await(5, TimeUnit.SECONDS)).isTrue();
      t.interrupt();
    }
  }

  @Test
  void aLockWhoseConnectionIsCutBeforeTheAnswerIsReportedAsMaybeApplied() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      CountDownLatch gotRequest = new CountDownLatch(1);
      silentServer(server, gotRequest, true);
      AdminClient client =
          new AdminClient(
              "http://127.0.0.1:" + server.getLocalPort(), "tok", Duration.ofSeconds(30));

      assertThatThrownBy(() -> client.post("locks", Map.of("principal", "eve@corp.example")))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("may have been applied")
          .hasMessageNotContaining("is `drawbridge serve` running");
    }
  }

  @Test
  void aRefusedConnectionSaysTheServerIsNotReachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    AdminClient client = new AdminClient("http://127.0.0.1:" + port, "tok", Duration.ofSeconds(5));

    assertThatThrownBy(() -> client.post("locks", Map.of("principal", "eve@corp.example")))
        .hasMessageContaining("cannot reach the admin API")
        .hasMessageNotContaining("may have been applied");
  }

  @Test
  void retriesWhenTheServerSaysItIsBusyAndDidNothing() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  answer(server, "503 Service Unavailable", "Retry-After: 1\r\n", "{}");
                  answer(server, "201 Created", "", "{\"principal\":\"eve@corp.example\"}");
                } catch (Exception ignored) {
                  // the test fails on the client side
                }
              });
      t.setDaemon(true);
      t.start();
      AdminClient client =
          new AdminClient(
              "http://127.0.0.1:" + server.getLocalPort(), "tok", Duration.ofSeconds(30));

      assertThat(
              client
                  .post("locks", Map.of("principal", "eve@corp.example"))
                  .get("principal")
                  .asText())
          .isEqualTo("eve@corp.example");
    }
  }

  private static void answer(ServerSocket server, String status, String headers, String body)
      throws Exception {
    try (Socket s = server.accept()) {
      readHead(s.getInputStream());
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      s.getOutputStream()
          .write(
              ("HTTP/1.1 "
                      + status
                      + "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                      + headers
                      + "Content-Length: "
                      + b.length
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Accepts one connection, reads the request head, then holds it silently or cuts it. */
  private static Thread silentServer(ServerSocket server, CountDownLatch got, boolean cut) {
    Thread t =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                readHead(s.getInputStream());
                got.countDown();
                if (!cut) {
                  Thread.sleep(20_000);
                }
              } catch (Exception ignored) {
                // closed by the test
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void readHead(InputStream in) throws Exception {
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return;
      }
      state =
          (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
              ? state + 1
              : 0;
    }
  }
}
