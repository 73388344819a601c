package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Cidr;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC login through a real gateway behind a load balancer that terminates TLS and speaks plain
 * HTTP to the gateway, saying {@code X-Forwarded-Proto: https}. From a trusted proxy (loopback in
 * {@code trusted_proxies}) that makes the cookies {@code __Host-}-prefixed and Secure and the
 * return addresses https; from any other peer the header is ignored. Cookies are carried by hand: a
 * cookie jar would not send Secure cookies over the plain HTTP the gateway is reached by here.
 */
class ForwardedProtoLoginTest {
  @RegisterExtension static final StartedIdp idp = new StartedIdp();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path dir;

  /** A gateway whose public URL is https (on its own port); loopback trusted or not. */
  private IdentityStack stack(Path d, boolean loopbackTrusted) throws Exception {
    return new IdentityStack(
        d,
        Clock.systemUTC(),
        IdentityStack.config(
            List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())), false),
        port -> URI.create("https://localhost:" + port),
        loopbackTrusted ? List.of(Cidr.parse("127.0.0.0/8")) : List.of());
  }

  /** A browser's GET (Accept: text/html) with extra header name/value pairs. */
  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", "text/html")
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> r) {
    assertThat(r.statusCode()).as("status of %s", r.uri()).isEqualTo(302);
    return r.headers().firstValue("location").orElseThrow();
  }

  /** The Set-Cookie line for cookie {@code name}. */
  private static String setCookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + name + " in " + r.headers().allValues("set-cookie")));
  }

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** What one sign-in left: the two Set-Cookie lines and the session cookie's value. */
  record Login(
      String loginSetCookie, String sessionSetCookie, String session, String finalTarget) {}

  /**
   * Signs Ana in, starting at {@code /docs/page?x=1}; every request to the gateway carries {@code
   * proto} (the IdP is asked directly). Asserts the gateway's own redirect to the login names
   * {@code scheme} as the return address.
   */
  private Login signIn(
      IdentityStack s, String proto, String loginCookie, String sessionCookie, String scheme)
      throws Exception {
    IdentityStack.enqueueAna(idp.server);
    String base = s.base();
    String self = scheme + "://localhost:" + s.gateway.port() + "/docs/page?x=1";
    String toLogin = location(get(base + "/docs/page?x=1", "X-Forwarded-Proto", proto));
    assertThat(toLogin).isEqualTo("/.drawbridge/login?rd=" + enc(self));
    HttpResponse<String> login = get(base + toLogin, "X-Forwarded-Proto", proto);
    String loginSet = setCookie(login, loginCookie);
    String atIdp = location(login);
    assertThat(atIdp).startsWith(idp.server.issuerUrl("okta").toString());
    // the public URL is https: the IdP sends the browser to https, which the proxy hands on as http
    String callback = location(get(atIdp));
    assertThat(callback)
        .startsWith("https://localhost:" + s.gateway.port() + "/.drawbridge/callback?");
    HttpResponse<String> done =
        get(
            callback.replace("https://", "http://"),
            "X-Forwarded-Proto",
            proto,
            "Cookie",
            loginCookie + "=" + value(loginSet));
    String target = location(done);
    String sessionSet = setCookie(done, sessionCookie);
    return new Login(loginSet, sessionSet, value(sessionSet), target);
  }

  @Test
  void behindATrustedTlsProxyTheLoginSetsHostPrefixedSecureCookiesAndReturnsToHttps()
      throws Exception {
    try (IdentityStack s = stack(dir, true)) {
      String https = "https://localhost:" + s.gateway.port();
      Login l = signIn(s, "https", "__Host-drawbridge-login", "__Host-drawbridge", "https");
      assertThat(l.loginSetCookie()).endsWith("; Secure").contains("Path=/;");
      assertThat(l.sessionSetCookie()).endsWith("; Secure").contains("HttpOnly");
      assertThat(l.finalTarget()).isEqualTo(https + "/docs/page?x=1");

      String cookie = "__Host-drawbridge=" + l.session();
      HttpResponse<String> page =
          get(s.base() + "/docs/page?x=1", "X-Forwarded-Proto", "https", "Cookie", cookie);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("hello ana@corp.example");
      assertThat(s.upstream.forwardedProtos).containsExactly("[https]");

      // the step-up's return address (RequestContext.externalUrl) is the https one the browser
      // knows
      String stepUp =
          location(get(s.base() + "/admin/x?y=1", "X-Forwarded-Proto", "https", "Cookie", cookie));
      assertThat(stepUp)
          .isEqualTo("/.drawbridge/webauthn/stepup?rd=" + enc(https + "/admin/x?y=1"));

      // the same peer without the proxy's word is plain HTTP: the __Host- cookie does not count
      HttpResponse<String> plain = get(s.base() + "/docs/page?x=1", "Cookie", cookie);
      assertThat(location(plain)).startsWith("/.drawbridge/login?rd=" + enc("http://"));
      assertThat(s.upstream.forwardedProtos).hasSize(1);
    }
  }

  @Test
  void anUntrustedPeersForwardedProtoIsIgnoredWhereATrustedProxysCounts() throws Exception {
    try (IdentityStack s = stack(dir.resolve("untrusted"), false)) {
      Login l = signIn(s, "https", "drawbridge_login", "drawbridge_session", "http");
      assertThat(l.loginSetCookie()).doesNotContain("Secure");
      assertThat(l.sessionSetCookie()).doesNotContain("Secure");
      assertThat(l.finalTarget()).startsWith("http://localhost:");

      // a valid session under the TLS name, over plain HTTP from a peer claiming https: no session
      HttpResponse<String> hostCookie =
          get(
              s.base() + "/docs/page",
              "X-Forwarded-Proto",
              "https",
              "Cookie",
              "__Host-drawbridge=" + l.session());
      assertThat(location(hostCookie)).startsWith("/.drawbridge/login?rd=" + enc("http://"));
      HttpResponse<String> page =
          get(
              s.base() + "/docs/page",
              "X-Forwarded-Proto",
              "https",
              "Cookie",
              "drawbridge_session=" + l.session());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("hello ana@corp.example");
      // the client's https is replaced by what the gateway saw
      assertThat(s.upstream.forwardedProtos).containsExactly("[http]");
      String stepUp =
          location(
              get(
                  s.base() + "/admin/x",
                  "X-Forwarded-Proto",
                  "https",
                  "Cookie",
                  "drawbridge_session=" + l.session()));
      assertThat(stepUp).contains("?rd=" + enc("http://localhost:"));
    }
    // the same request from a trusted proxy does count
    try (IdentityStack s = stack(dir.resolve("trusted"), true)) {
      HttpResponse<String> login =
          get(s.base() + "/.drawbridge/login?rd=%2F", "X-Forwarded-Proto", "https");
      assertThat(setCookie(login, "__Host-drawbridge-login")).endsWith("; Secure");
    }
  }
}
