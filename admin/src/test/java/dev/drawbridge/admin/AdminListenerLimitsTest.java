package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 21: idle clients cannot hold up the admin listener (API, console, metrics, CLI). */
class AdminListenerLimitsTest {

  @Test
  void aLockIsAppliedWhileManyIdleConnectionsHaveSentOneByteEach() throws Exception {
    try (AdminFixture f = new AdminFixture()) {
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 12; i++) { // more than the pool's threads and the old server's
          Socket s = new Socket("127.0.0.1", f.server.port());
          s.getOutputStream().write('G');
          s.getOutputStream().flush();
          idle.add(s);
        }

        AdminFixture.Answer lock =
            f.post("locks", "{\"principal\":\"eve@corp.example\",\"reason\":\"phished\"}");

        assertThat(lock.status()).as(lock.text()).isEqualTo(201);
        assertThat(f.control.locks().lockOf("eve@corp.example")).isPresent();
        assertThat(f.get("locks").status()).isEqualTo(200);
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }

  @Test
  void closesAConnectionWhoseRequestHeadDoesNotArriveInTime() throws Exception {
    var limits =
        new AdminTransport.Limits(
            Duration.ofMillis(300), Duration.ofSeconds(60), 256, 16 * 1024, Call.MAX_BODY, 4, 64);
    try (AdminFixture f = new AdminFixture(limits);
        Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write("GET /api/v1/locks HTTP/1.1\r\nHost: x\r\n".getBytes());
      s.getOutputStream().flush();

      assertThat(readAll(s.getInputStream())).isEmpty(); // closed by the server, nothing sent
    }
  }

  @Test
  void closesAKeepAliveConnectionLeftIdleAfterAResponse() throws Exception {
    var limits =
        new AdminTransport.Limits(
            Duration.ofSeconds(10), Duration.ofMillis(300), 256, 16 * 1024, Call.MAX_BODY, 4, 64);
    try (AdminFixture f = new AdminFixture(limits);
        Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write("GET /console.css HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      s.getOutputStream().flush();

      String got = readAll(s.getInputStream()); // the response, then the server closes

      assertThat(got).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void refusesConnectionsOverTheLimitAndServesAgainOnceTheyAreGone() throws Exception {
    var limits =
        new AdminTransport.Limits(
            Duration.ofSeconds(10), Duration.ofSeconds(60), 2, 16 * 1024, Call.MAX_BODY, 4, 64);
    try (AdminFixture f = new AdminFixture(limits)) {
      Socket a = new Socket("127.0.0.1", f.server.port());
      Socket b = new Socket("127.0.0.1", f.server.port());
      try (Socket over = new Socket("127.0.0.1", f.server.port())) {
        over.setSoTimeout(20_000);
        over.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());

        assertThat(readAll(over.getInputStream())).isEmpty();
      }
      a.close();
      b.close();
      AdminFixture.Answer after = retryUntilServed(f);
      assertThat(after.status()).isEqualTo(200);
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    try (AdminFixture f = new AdminFixture();
        Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(20_000);
      String auth = "Authorization: Bearer " + AdminFixture.TOKEN + "\r\n";
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n"
                  + auth
                  + "\r\nGET /api/v1/locks HTTP/1.1\r\nHost: x\r\n"
                  + auth
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String got = readAll(s.getInputStream());

      assertThat(got).startsWith("HTTP/1.1 404");
      assertThat(got.indexOf("HTTP/1.1 200")).isGreaterThan(got.indexOf("HTTP/1.1 404"));
    }
  }

  /** The connections just closed may not have been counted down yet: retry a few times. */
  private static AdminFixture.Answer retryUntilServed(AdminFixture f) throws Exception {
    IOException last = null;
    for (int i = 0; i < 50; i++) {
      try {
        return f.get("locks");
      } catch (IOException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw last;
  }

  private static String readAll(InputStream in) throws IOException {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      return "(no close within the socket timeout)";
    } catch (java.net.SocketException e) {
      return ""; // reset: closed
    }
  }
}
