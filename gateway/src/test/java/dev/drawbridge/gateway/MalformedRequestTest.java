package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed and ambiguous requests get 400 and never reach the upstream. */
class MalformedRequestTest {
  TestUpstream upstream;
  TestGateway gw;

  @BeforeEach
  void start() throws Exception {
    upstream = new TestUpstream();
    gw = new TestGateway(upstream.url());
  }

  @AfterEach
  void stop() {
    gw.close();
    upstream.close();
  }

  @Test
  void badRequestLineGets400() throws Exception {
    assertThat(gw.raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(gw.raw("GET /echo HTTP/9.9\r\nHost: wiki.test\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void contentLengthWithTransferEncodingGets400() throws Exception {
    String resp =
        gw.raw(
            "POST /echo HTTP/1.1\r\nHost: wiki.test\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void duplicateContentLengthGets400() throws Exception {
    String resp =
        gw.raw(
            "POST /echo HTTP/1.1\r\nHost: wiki.test\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(resp).startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void oversizedHeadersGet400() throws Exception {
    String big = "x".repeat(40_000);
    assertThat(gw.raw("GET /echo HTTP/1.1\r\nHost: wiki.test\r\nX-Big: " + big + "\r\n\r\n"))
        .startsWith("HTTP/1.1 4");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void unsupportedTransferEncodingGets400() throws Exception {
    String resp =
        gw.raw(
            "POST /echo HTTP/1.1\r\nHost: wiki.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void smugglingAttemptNeverArrivesUpstreamAsTwoRequests() throws Exception {
    String smuggled =
        "POST /echo HTTP/1.1\r\nHost: wiki.test\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: wiki.test\r\n\r\n";
    assertThat(gw.raw(smuggled)).startsWith("HTTP/1.1 400");
    String tecl =
        "POST /echo HTTP/1.1\r\nHost: wiki.test\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n"
            + "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: wiki.test\r\n\r\n";
    assertThat(gw.raw(tecl)).startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void missingHostGets400() throws Exception {
    assertThat(gw.raw("GET /echo HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(gw.raw("GET /echo HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n"))
        .startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void pathParametersGet400SoTomcatCannotServeAnotherPathThanWasDecided() throws Exception {
    for (String target :
        new String[] {
          "/scm/..;/rest/api/1.0/admin/users",
          "/scm/..%3B/rest/api/1.0/admin/users",
          "/scm/..%3b/rest/api/1.0/admin/users",
          "/echo;jsessionid=x",
          "http://wiki.test/scm/..;/echo"
        }) {
      String resp = gw.raw("POST " + target + " HTTP/1.1\r\nHost: wiki.test\r\n\r\n");
      assertThat(resp)
          .as(target)
          .startsWith("HTTP/1.1 400")
          .contains("\"error\":\"bad_request\"")
          .contains("\"message\":\"semicolon (path parameter) in path\"");
    }
    assertThat(upstream.seen).isEmpty();
    assertThat(gw.extras)
        .hasSize(5)
        .allMatch(x -> "semicolon (path parameter) in path".equals(x.get("problem")));
  }

  @Test
  void semicolonInTheQueryIsForwarded() throws Exception {
    String resp =
        gw.raw("GET /echo/a?x=1;y=2 HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 200").contains("GET /echo/a?x=1;y=2");
  }

  @Test
  void methodNotInUpperCaseGets400SoAPolicyOnDeleteCannotBeSidestepped() throws Exception {
    for (String method : new String[] {"delete", "Delete", "gEt", "propfind"}) {
      String resp = gw.raw(method + " /x HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
      assertThat(resp).as(method).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"");
    }
    assertThat(upstream.seen).isEmpty();
    assertThat(gw.raw("DELETE /echo HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
  }
}
