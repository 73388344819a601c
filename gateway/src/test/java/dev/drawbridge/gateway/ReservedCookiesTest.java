package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drawbridge's own cookies never cross the proxy: through a real gateway, a real upstream that
 * echoes the headers it got, and real clients.
 */
class ReservedCookiesTest {
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

  HttpResponse<String> get(String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + "/echo"));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The Cookie header lines the upstream received (the echo joins repeated ones with ","). */
  static List<String> cookieLines(HttpResponse<String> r) {
    return Arrays.stream(r.body().split("\n")).filter(l -> l.startsWith("cookie: ")).toList();
  }

  @Test
  void upstreamReceivesTheOtherCookiesButNotTheSessionCookie() throws Exception {
    HttpResponse<String> r = get("Cookie", "a=1; drawbridge_session=xyz; b=2");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(cookieLines(r)).containsExactly("cookie: a=1; b=2");
    assertThat(r.body()).doesNotContain("xyz");
  }

  @Test
  void upstreamReceivesNoneOfDrawbridgesCookiesInAnyCookieHeader() throws Exception {
    String raw =
        gw.raw(
            "GET /echo HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n"
                + "Cookie: __Host-drawbridge=tls-secret\r\n"
                + "Cookie: theme=dark;drawbridge_login=plain-binding; __Host-drawbridge-login=tls-binding\r\n"
                + "Cookie: drawbridge_session=plain-secret\r\n"
                + "Cookie: lang=en; drawbridge_pref=keep\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 200");
    assertThat(raw)
        .contains("cookie: theme=dark,lang=en; drawbridge_pref=keep\n")
        .doesNotContain("tls-secret")
        .doesNotContain("plain-secret")
        .doesNotContain("plain-binding")
        .doesNotContain("tls-binding");
  }

  @Test
  void aRequestWithOnlyTheSessionCookieReachesTheUpstreamWithoutACookieHeader() throws Exception {
    HttpResponse<String> r = get("Cookie", "drawbridge_session=xyz");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(cookieLines(r)).isEmpty();
    assertThat(r.body()).doesNotContain("xyz");
  }

  @Test
  void upstreamCannotSetDrawbridgesCookiesButItsOtherCookiesReachTheClient() throws Exception {
    HttpResponse<String> r =
        get(
            "X-Set-Cookie", "drawbridge_session=evil; Path=/",
            "X-Set-Cookie", "app=ok; Path=/",
            "X-Set-Cookie", "__Host-drawbridge=evil; Path=/; Secure",
            "X-Set-Cookie", "=drawbridge_session=nameless",
            "X-Set-Cookie", "drawbridge_login=evil",
            "X-Set-Cookie", "pref=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly("app=ok; Path=/", "pref=1");
  }
}
