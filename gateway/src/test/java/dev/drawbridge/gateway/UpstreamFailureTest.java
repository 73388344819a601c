package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** 502 when the upstream is unreachable, 504 when it is too slow. */
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
}
