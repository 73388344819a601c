package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Cidr;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC §4 through a real gateway, a real upstream and real clients. */
class DataPlaneTest {
  TestUpstream upstream;
  TestGateway gw;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void proxiesToTheUpstreamOfTheHostWithRequestIdAndForwardedHeaders() throws Exception {
    HttpResponse<String> r = get("/echo/a?x=1", "X-Test", "yes");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("GET /echo/a?x=1\n");
    assertThat(r.body())
        .contains("x-test: yes", "x-forwarded-for: 127.0.0.1", "x-forwarded-proto: http");
    assertThat(r.headers().firstValue("Drawbridge-Request-Id")).get().asString().hasSize(32);
  }

  @Test
  void removesClientDrawbridgeHeadersBeforeTheUpstream() throws Exception {
    HttpResponse<String> r =
        get("/echo", "Drawbridge-Jwt-Assertion", "forged", "Drawbridge-Client-Id", "x");
    assertThat(r.body()).doesNotContain("drawbridge-jwt-assertion").doesNotContain("forged");
  }

  @Test
  void addsUpstreamHeadersFromTheVerdict() throws Exception {
    gw.decider =
        r ->
            new Verdict(
                Verdict.Kind.ALLOW,
                "allowed_by_policy",
                "p",
                Verdict.Principal.ANONYMOUS,
                null,
                "view",
                Map.of(),
                Map.of("Drawbridge-Jwt-Assertion", "signed"),
                false,
                null);
    assertThat(get("/echo").body()).contains("drawbridge-jwt-assertion: signed");
  }

  @Test
  void unknownHostGets404AndNoUpstreamIsContacted() throws Exception {
    String resp = gw.raw("GET /echo HTTP/1.1\r\nHost: nowhere.test\r\nConnection: close\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 404").contains("Drawbridge-Request-Id");
    assertThat(upstream.seen).isEmpty();
    assertThat(gw.recorded).containsExactly("deny unknown_host 404 /echo");
  }

  @Test
  void normalizesDotSegmentsAndDuplicateSlashesBeforeTheUpstreamSeesThePath() throws Exception {
    String resp =
        gw.raw(
            "GET /a/./b/../c//d/%7Euser/%41 HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 200").contains("GET /a/c/d/~user/A\n");
  }

  @Test
  void rejectsEncodedSlashBackslashNulAndBadPercentEncodingWith400() throws Exception {
    for (String path :
        new String[] {"/a%2Fb", "/a%2fb", "/a\\b", "/a%5Cb", "/a%00b", "/a%zzb", "/a%4"}) {
      String resp =
          gw.raw("GET " + path + " HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
      assertThat(resp).as(path).startsWith("HTTP/1.1 400");
    }
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void deniedRequestGets403WithoutSayingWhichPolicyDenied() throws Exception {
    gw.decider = r -> Verdict.deny("locked");
    HttpResponse<String> r = get("/echo");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body())
        .startsWith("{\"error\":\"access_denied\",\"request_id\":\"")
        .doesNotContain("locked");
    assertThat(upstream.seen).isEmpty();
  }

  @Test
  void unauthenticatedBrowserIsRedirectedToLoginAndApiClientGets401() throws Exception {
    gw.decider =
        r ->
            new Verdict(
                Verdict.Kind.UNAUTHENTICATED,
                "unauthenticated",
                null,
                Verdict.Principal.ANONYMOUS,
                null,
                null,
                Map.of(),
                Map.of(),
                false,
                null);
    HttpResponse<String> browser = get("/page?a=1", "Accept", "text/html,application/xhtml+xml");
    assertThat(browser.statusCode()).isEqualTo(302);
    assertThat(browser.headers().firstValue("Location"))
        .get()
        .asString()
        .startsWith("/.drawbridge/login?rd=http%3A%2F%2F");
    HttpResponse<String> api = get("/page");
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("\"error\":\"unauthenticated\"");
    assertThat(api.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic ");
  }

  @Test
  void healthAnswersOnEveryHost() throws Exception {
    assertThat(
            gw.raw(
                "GET /.drawbridge/health HTTP/1.1\r\nHost: any.test\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200")
        .contains("{\"status\":\"ok\"}");
  }

  @Test
  void keepsConnectionsAliveOnBothSides() throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(get("/echo/" + i).statusCode()).isEqualTo(200);
    }
    assertThat(upstream.remotePorts.size()).isLessThanOrEqualTo(2);
  }

  @Test
  @org.junit.jupiter.api.Timeout(20)
  void streamsRequestAndResponseBodies() throws Exception {
    HttpResponse<String> up =
        client.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/sink"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3_000_000]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(up.body()).contains("body-bytes: 3000000");
    HttpResponse<byte[]> down =
        client.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/bytes/5000000")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(down.body()).hasSize(5_000_000);
  }

  @Test
  void chunkedRequestBodyIsForwarded() throws Exception {
    String resp =
        gw.raw(
            "POST /sink HTTP/1.1\r\nHost: wiki.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    assertThat(resp).startsWith("HTTP/1.1 200").contains("body-bytes: 11");
  }

  @Test
  void absoluteFormTargetReplacesTheClientsHostUpstream() throws Exception {
    List<String> decidedHosts = new CopyOnWriteArrayList<>();
    gw.decider =
        r -> {
          decidedHosts.add(r.host() + " " + r.headers().get("host"));
          return Verdict.bypass("test");
        };
    String resp =
        gw.raw(
            "GET http://wiki.test/echo/x HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n");
    assertThat(resp)
        .startsWith("HTTP/1.1 200")
        .contains("GET /echo/x\n", "\nhost: wiki.test\n", "\nx-forwarded-host: wiki.test\n")
        .doesNotContain("other.test");
    String withPort =
        gw.raw(
            "GET http://wiki.test:8443/echo/y HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n");
    assertThat(withPort)
        .startsWith("HTTP/1.1 200")
        .contains("\nhost: wiki.test:8443\n", "\nx-forwarded-host: wiki.test:8443\n")
        .doesNotContain("other.test");
    assertThat(decidedHosts).containsExactly("wiki.test wiki.test", "wiki.test wiki.test:8443");
  }

  @Test
  void everyXForwardedForLineCountsBehindATrustedProxy() throws Exception {
    try (TestGateway proxied =
        new TestGateway(upstream.url(), List.of(Cidr.parse("127.0.0.0/8")))) {
      List<String> clients = new CopyOnWriteArrayList<>();
      proxied.decider =
          r -> {
            clients.add(r.clientIpText());
            return Verdict.bypass("test");
          };
      // the client wrote the first line; the trusted proxy (HAProxy) added the second
      String resp =
          proxied.raw(
              "GET /echo HTTP/1.1\r\nHost: wiki.test\r\nX-Forwarded-For: 6.6.6.6\r\n"
                  + "X-Forwarded-For: 203.0.113.7, 127.0.0.2\r\nConnection: close\r\n\r\n");
      assertThat(resp)
          .startsWith("HTTP/1.1 200")
          .contains("\nx-forwarded-for: 6.6.6.6, 203.0.113.7, 127.0.0.2, 127.0.0.1\n");
      assertThat(clients).containsExactly("203.0.113.7");
    }
  }

  @Test
  void removesUnderscoreSpellingsOfDrawbridgeHeadersBeforeTheUpstream() throws Exception {
    String resp =
        gw.raw(
            "GET /echo HTTP/1.1\r\nHost: wiki.test\r\nDrawbridge_Jwt_Assertion: forged1\r\n"
                + "DRAWBRIDGE_client-id: forged2\r\nx-test: yes\r\nConnection: close\r\n\r\n");
    assertThat(resp)
        .startsWith("HTTP/1.1 200")
        .contains("\nx-test: yes\n")
        .doesNotContain("forged")
        .doesNotContainIgnoringCase("drawbridge_");
  }
}
