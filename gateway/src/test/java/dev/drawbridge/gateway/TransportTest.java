package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Which socket transport the data plane runs on. The whole suite runs twice (see the module's pom):
 * once on the default, once with {@code -Ddrawbridge.transport=epoll}.
 */
class TransportTest {
  @Test
  void usesTheTransportAskedForOrTheBestTheKernelOffers() throws Exception {
    String asked = System.getProperty("drawbridge.transport", "io_uring");
    String expected =
        "io_uring".equals(asked) && IoUring.isAvailable()
            ? "io_uring"
            : !"nio".equals(asked) && Epoll.isAvailable() ? "epoll" : "nio";
    try (TestUpstream up = new TestUpstream();
        TestGateway gw = new TestGateway(up.url())) {
      assertThat(gw.server.transportName()).isEqualTo(expected);
      assertThat(gw.server.eventLoops()).isEqualTo(2);
      HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r =
            c.send(
                HttpRequest.newBuilder(URI.create(gw.base() + "/echo/" + i)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("GET /echo/" + i + "\n");
      }
    }
  }
}
