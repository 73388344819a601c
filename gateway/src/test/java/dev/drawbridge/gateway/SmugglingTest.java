package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.testkit.RawUpstream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each way a client (or a broken upstream) could get a request past the decision, or one client's
 * answer to another, found by probing a running gateway: one regression test each. The upstream is
 * a {@link RawUpstream}, which records every request it parses from the bytes it gets, as a real
 * application would.
 */
class SmugglingTest {
  private static final String PRIVATE = "/private/";
  RawUpstream upstream;
  TestGateway gw;

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private void start(int eventLoops, List<Cidr> trusted) throws Exception {
    upstream = new RawUpstream();
    gw =
        new TestGateway(
            upstream.url(),
            TestGateway.shortTimeouts(),
            eventLoops,
            trusted == null ? List.of() : trusted);
    // the policy: /private/** is denied, everything else goes through
    gw.decider =
        r ->
            r.path().startsWith(PRIVATE) ? Verdict.deny("denied_by_policy") : Verdict.bypass("pub");
  }

  private void start() throws Exception {
    start(2, null);
  }

  @Test
  void aClientCannotRemoveContentLengthByNamingItInConnection() throws Exception {
    start();
    String smuggled = "GET /private/x HTTP/1.1\r\nHost: wiki.test\r\n\r\n";
    String resp =
        gw.raw(
            "POST /a HTTP/1.1\r\nHost: wiki.test\r\nConnection: keep-alive, Content-Length\r\n"
                + "Content-Length: "
                + smuggled.length()
                + "\r\n\r\n"
                + smuggled
                + "GET /b HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(200, 200);
    assertThat(upstream.parsed).extracting(RawUpstream.Parsed::target).containsExactly("/a", "/b");
    assertThat(upstream.parsed.get(0).bodyText()).isEqualTo(smuggled);
    assertThat(upstream.parsed.get(0).header("content-length"))
        .isEqualTo(Integer.toString(smuggled.length()));
  }

  @Test
  void aClientCannotRemoveTransferEncodingOrHostOrTheGatewaysOwnFields() throws Exception {
    start();
    String resp =
        gw.raw(
            "POST /a HTTP/1.1\r\nHost: wiki.test\r\n"
                + "Connection: close, Transfer-Encoding, Host, X-Forwarded-For, X-Real-IP,"
                + " Drawbridge-Request-Id, Forwarded\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + "2c\r\nGET /private/x HTTP/1.1\r\nHost: wiki.test\r\n\r\n\r\n0\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(200);
    assertThat(upstream.parsed).hasSize(1);
    RawUpstream.Parsed p = upstream.parsed.get(0);
    assertThat(p.target()).isEqualTo("/a");
    assertThat(p.header("transfer-encoding")).isEqualTo("chunked");
    assertThat(p.all("host")).containsExactly("wiki.test");
    assertThat(p.header("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(p.header("x-real-ip")).isEqualTo("127.0.0.1");
    assertThat(p.header("forwarded")).startsWith("for=127.0.0.1;");
    assertThat(p.header("drawbridge-request-id")).isNotBlank();
  }

  @Test
  void clientTrailersAreFilteredLikeHeaders() throws Exception {
    start();
    gw.raw(
        "POST /a HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n0\r\nX-Forwarded-For: 6.6.6.6\r\nDrawbridge-Jwt-Assertion: forged\r\n"
            + "Host: evil.test\r\nX-Checksum: 42\r\n\r\n");
    assertThat(upstream.parsed).hasSize(1);
    assertThat(upstream.parsed.get(0).bodyText()).isEqualTo("abc");
    assertThat(upstream.parsed.get(0).trailers())
        .extracting(t -> t[0].toLowerCase() + "=" + t[1])
        .containsExactly("x-checksum=42");
  }

  @Test
  void aMalformedChunkFailsTheExchangeWith400AndIsRecorded() throws Exception {
    start();
    String resp =
        gw.raw(
            "POST /a HTTP/1.1\r\nHost: wiki.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nZZ\r\nGET /private/x HTTP/1.1\r\nHost: wiki.test\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(400);
    // the upstream never parsed a complete request: it saw the head and a body cut short
    assertThat(upstream.parsed).isEmpty();
    assertThat(gw.recorded).anyMatch(r -> r.endsWith(" 400 /a"));
    assertThat(gw.extras).anyMatch(e -> String.valueOf(e.get("problem")).contains("malformed"));
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderWhenOneIsAnsweredByTheGateway() throws Exception {
    start();
    String resp =
        gw.raw(
            "GET /a HTTP/1.1\r\nHost: wiki.test\r\n\r\n"
                + "GET /private/x HTTP/1.1\r\nHost: wiki.test\r\n\r\n"
                + "GET /c HTTP/1.1\r\nHost: wiki.test\r\n\r\n"
                + "GET /unknown HTTP/1.1\r\nHost: nowhere.test\r\n\r\n"
                + "GET /e HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(200, 403, 200, 404, 200);
    assertThat(upstream.parsed)
        .extracting(RawUpstream.Parsed::target)
        .containsExactly("/a", "/c", "/e");
  }

  @Test
  void theResponseTimeoutStartsWhenTheUploadIsComplete() throws Exception {
    start(); // upstream_response: 500 ms
    try (Socket s = new Socket("127.0.0.1", gw.server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          "POST /a HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\nContent-Length: 8\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      for (int i = 0; i < 4; i++) { // 1.2 s of upload, longer than upstream_response
        out.write("ab".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Thread.sleep(300);
      }
      assertThat(statuses(readAll(s.getInputStream()))).containsExactly(200);
    }
    assertThat(upstream.parsed.get(0).bodyText()).isEqualTo("abababab");
  }

  @Test
  void aBodyAfterAHeadAnswerNeverReachesTheNextClient() throws Exception {
    start(1, null); // one event loop: one pool, the next client gets the same upstream connection
    String fake = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled";
    upstream.respondInPieces(
        p ->
            p.method().equals("HEAD")
                ? List.of(
                    ("HTTP/1.1 200 OK\r\nContent-Length: " + fake.length() + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                    fake.getBytes(StandardCharsets.ISO_8859_1)) // a body HEAD must not have
                : List.of(RawUpstream.ok("ok")));
    assertThat(statuses(gw.raw("HEAD /a HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n")))
        .containsExactly(200);
    Thread.sleep(300); // the stray body is in the upstream connection by now
    for (int i = 0; i < 3; i++) {
      String next = gw.raw("GET /b HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
      assertThat(next).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nok").doesNotContain("smuggled");
    }
    // and on one keep-alive client connection
    String both =
        gw.raw(
            "HEAD /a HTTP/1.1\r\nHost: wiki.test\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(statuses(both)).containsExactly(200, 200);
    assertThat(both).endsWith("\r\n\r\nok").doesNotContain("smuggled");
  }

  @Test
  void anUpstreamNamingContentLengthInConnectionKeepsItsFraming() throws Exception {
    start();
    upstream.respond(
        p ->
            "HTTP/1.1 200 OK\r\nConnection: Content-Length\r\nContent-Length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.ISO_8859_1));
    String resp =
        gw.raw(
            "GET /a HTTP/1.1\r\nHost: wiki.test\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(200, 200);
    assertThat(resp).contains("Content-Length: 2");
  }

  @Test
  void anUpstreamAnswerThatCannotBeParsedIs502NotRelayed() throws Exception {
    start();
    upstream.respond(p -> "HTTP/1.1 2x0 Weird\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String resp = gw.raw("GET /a HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(502);
    assertThat(resp).doesNotContain("999");
  }

  @Test
  void anUnparseableForwardedForFromATrustedProxyIsRefusedNotTakenAsTheProxy() throws Exception {
    start(2, List.of(Cidr.parse("127.0.0.0/8")));
    String resp =
        gw.raw(
            "GET /a HTTP/1.1\r\nHost: wiki.test\r\nX-Forwarded-For: 10.9.9.9:1234\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(400);
    assertThat(upstream.parsed).isEmpty();
    // a well-formed one is the client's address
    gw.raw(
        "GET /a HTTP/1.1\r\nHost: wiki.test\r\nX-Forwarded-For: 10.9.9.9\r\nConnection: close\r\n\r\n");
    assertThat(upstream.parsed.get(0).header("x-real-ip")).isEqualTo("10.9.9.9");
  }

  @Test
  void addressAndOverrideFieldsOfTheClientNeverReachTheUpstream() throws Exception {
    start();
    gw.raw(
        "GET /a HTTP/1.1\r\nHost: wiki.test\r\nX-Real-IP: 6.6.6.6\r\nForwarded: for=6.6.6.6\r\n"
            + "X-Forwarded-Host: evil.test\r\nX_Forwarded_For: 6.6.6.6\r\n"
            + "X-HTTP-Method-Override: DELETE\r\nX-Original-URL: /private/admin\r\n"
            + "X-Rewrite-URL: /private/admin\r\nX-Method-Override: DELETE\r\nConnection: close\r\n\r\n");
    RawUpstream.Parsed p = upstream.parsed.get(0);
    assertThat(p.all("x-real-ip")).containsExactly("127.0.0.1");
    assertThat(p.all("forwarded")).hasSize(1).allMatch(v -> !v.contains("6.6.6.6"));
    assertThat(p.all("x-forwarded-host")).containsExactly("wiki.test");
    assertThat(p.all("x_forwarded_for")).isEmpty();
    for (String n :
        List.of("x-http-method-override", "x-original-url", "x-rewrite-url", "x-method-override")) {
      assertThat(p.all(n)).as(n).isEmpty();
    }
  }

  @Test
  void percentEncodedBytesThatAreNotUtf8Get400() throws Exception {
    start();
    String resp =
        gw.raw(
            "GET /%c0%ae%c0%ae/private/x HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(statuses(resp)).containsExactly(400);
    assertThat(upstream.parsed).isEmpty();
    gw.raw("GET /caf%C3%A9 HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(upstream.parsed)
        .extracting(RawUpstream.Parsed::target)
        .containsExactly("/caf%C3%A9");
  }

  /** The status codes of the responses in {@code raw}, in order. */
  static List<Integer> statuses(String raw) {
    Matcher m = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ").matcher(raw);
    java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    try {
      int n;
      while ((n = in.read(b)) > 0) {
        buf.write(b, 0, n);
      }
    } catch (java.net.SocketTimeoutException e) {
      // what arrived
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }
}
