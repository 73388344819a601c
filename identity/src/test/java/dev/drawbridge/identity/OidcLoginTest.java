package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.drawbridge.identity.web.LoginAudit;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** OIDC login through a real gateway with mock-oauth2-server as the identity provider. */
class OidcLoginTest {
  @RegisterExtension static final StartedIdp idp = new StartedIdp();

  @TempDir Path dir;

  private IdentityStack stack() throws Exception {
    return new IdentityStack(
        dir,
        Clock.systemUTC(),
        IdentityStack.config(
            List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())), false));
  }

  @Test
  void browserLogsInThroughTheProviderAndUpstreamVerifiesTheAssertion() throws Exception {
    try (IdentityStack s = stack()) {
      IdentityStack.enqueueAna(idp.server);
      Browserless b = new Browserless();
      HttpResponse<String> page = b.follow(s.base() + "/docs/page?x=1");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("hello ana@corp.example").contains("amr=[pwd, mfa]");
      assertThat(page.body()).contains("/docs/page?x=1");
      assertThat(b.hops.get(0)).startsWith(s.base() + "/.drawbridge/login?rd=");
      assertThat(b.hops.get(1))
          .startsWith(idp.server.issuerUrl("okta").toString())
          .contains("code_challenge_method=S256")
          .contains("nonce=");
      var claims = s.upstream.verified.get(0);
      assertThat(claims.getIssuer()).isEqualTo(s.publicUrl.toString());
      assertThat(claims.getAudience()).containsExactly("wiki");
      assertThat(claims.getStringListClaim("groups")).containsExactly("engineering");
      assertThat(claims.getStringClaim("principal_type")).isEqualTo("user");
      assertThat(claims.getJWTID()).isNotBlank();
      Map<String, Object> login = s.auditWithReason("authenticated").get(0);
      assertThat(login)
          .containsEntry("event", "login")
          .containsEntry("principal", "ana@corp.example")
          .containsEntry("idp", "okta")
          .containsEntry("decision", "allow")
          .containsEntry("amr", List.of("pwd", "mfa"));
      HttpCookie cookie =
          b.cookies.getCookieStore().getCookies().stream()
              .filter(c -> c.getName().equals("drawbridge_session"))
              .findFirst()
              .orElseThrow();
      assertThat(cookie.isHttpOnly()).isTrue();
      assertThat(cookie.getSecure()).isFalse();
      assertThat(cookie.getValue()).hasSize(43);

      Browserless.Reply out = b.postForm(s.base() + "/.drawbridge/logout", "", s.base());
      assertThat(out.statusCode()).isEqualTo(200);
      assertThat(out.body()).contains("You are signed out.");
      assertThat(s.auditWithReason("logout")).hasSize(1);
      assertThat(b.get(s.base() + "/docs/page").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void logoutByGetOnlyShowsAFormThatPostsSoOtherSitesCannotSignUsersOut() throws Exception {
    try (IdentityStack s = stack()) {
      IdentityStack.enqueueAna(idp.server);
      Browserless b = new Browserless();
      assertThat(b.follow(s.base() + "/docs/page").statusCode()).isEqualTo(200);

      HttpResponse<String> page = b.get(s.base() + "/.drawbridge/logout?rd=%2Fdocs%2Fbye");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<form method=post action='/.drawbridge/logout?rd=%2Fdocs%2Fbye'>")
          .contains("<button id=logout type=submit>");
      assertThat(page.headers().allValues("set-cookie")).isEmpty();
      assertThat(page.headers().firstValue("referrer-policy")).contains("same-origin");
      assertThat(s.auditWithReason("logout")).isEmpty();
      assertThat(b.get(s.base() + "/docs/page").statusCode()).isEqualTo(200);

      Browserless.Reply foreign =
          b.postForm(s.base() + "/.drawbridge/logout", "", "https://evil.example");
      assertThat(foreign.statusCode()).isEqualTo(403);
      assertThat(s.auditWithReason("logout")).isEmpty();
      assertThat(b.get(s.base() + "/docs/page").statusCode()).isEqualTo(200);

      Browserless.Reply out =
          b.postForm(s.base() + "/.drawbridge/logout?rd=%2Fdocs%2Fbye", "", s.base());
      assertThat(out.statusCode()).isEqualTo(302);
      assertThat(s.auditWithReason("logout")).hasSize(1);
      assertThat(b.get(s.base() + "/docs/page").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void providerErrorCannotForgeOperatorLogLines() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(LoginAudit.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (IdentityStack s = stack()) {
      IdentityStack.enqueueAna(idp.server);
      Browserless b = new Browserless();
      String callback = b.followUntil(s.base() + "/", s.base() + "/.drawbridge/callback");
      String forged =
          "access_denied\r\n12:00:00.000 INFO  d.d.i.w.LoginAudit - login accepted: admin"
              + "\u2028x".repeat(3)
              + "A".repeat(1000);
      HttpResponse<String> r =
          b.get(callback + "&error=" + URLEncoder.encode(forged, StandardCharsets.UTF_8));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(s.auditWithReason("idp_error")).hasSize(1);
      assertThat(s.auditWithReason("idp_error").get(0).values())
          .noneMatch(v -> String.valueOf(v).contains("login accepted"));
      List<String> lines =
          logged.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.startsWith("login refused (idp_error)"))
              .toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0))
          .doesNotContain("\r")
          .doesNotContain("\n")
          .doesNotContain("\u2028")
          .contains("access_denied\\u000d\\u000a12:00:00.000")
          .hasSizeLessThan(300 + 100);
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void replayedStateIsRefused() throws Exception {
    try (IdentityStack s = stack()) {
      IdentityStack.enqueueAna(idp.server);
      Browserless b = new Browserless();
      String callback = b.followUntil(s.base() + "/", s.base() + "/.drawbridge/callback");
      assertThat(b.follow(callback).statusCode()).isEqualTo(200);
      HttpResponse<String> again = b.get(callback);
      assertThat(again.statusCode()).isEqualTo(403);
      assertThat(s.auditWithReason("state_mismatch")).hasSize(1);
      assertThat(s.auditWithReason("state_mismatch").get(0)).containsEntry("decision", "deny");
    }
  }

  @Test
  void callbackFromAnotherBrowserIsRefused() throws Exception {
    try (IdentityStack s = stack()) {
      IdentityStack.enqueueAna(idp.server);
      Browserless victim = new Browserless();
      String callback =
          new Browserless().followUntil(s.base() + "/", s.base() + "/.drawbridge/callback");
      assertThat(victim.get(callback).statusCode()).isEqualTo(403);
      assertThat(s.auditWithReason("state_mismatch")).hasSize(1);
    }
  }

  @Test
  void tamperedCookieIsNoSession() throws Exception {
    try (IdentityStack s = stack()) {
      IdentityStack.enqueueAna(idp.server);
      Browserless b = new Browserless();
      assertThat(b.follow(s.base() + "/").statusCode()).isEqualTo(200);
      HttpCookie c =
          b.cookies.getCookieStore().getCookies().stream()
              .filter(k -> k.getName().equals("drawbridge_session"))
              .findFirst()
              .orElseThrow();
      char last = c.getValue().charAt(42);
      String tampered = c.getValue().substring(0, 42) + (last == 'A' ? 'B' : 'A');
      HttpResponse<String> r =
          new Browserless()
              .http.send(
                  java.net.http.HttpRequest.newBuilder(URI.create(s.base() + "/x"))
                      .header("Cookie", "drawbridge_session=" + tampered)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(s.decisions).contains("deny invalid_session /x");
    }
  }

  @Test
  void openRedirectIsRefused() throws Exception {
    try (IdentityStack s = stack()) {
      Browserless b = new Browserless();
      for (String rd :
          List.of(
              "https://evil.example/",
              "//evil.example/x",
              "/\\evil.example",
              "javascript:alert(1)",
              "http://user@localhost/")) {
        HttpResponse<String> r =
            b.get(s.base() + "/.drawbridge/login?rd=" + java.net.URLEncoder.encode(rd, "UTF-8"));
        assertThat(r.statusCode()).as(rd).isEqualTo(400);
      }
      assertThat(b.get(s.base() + "/.drawbridge/login?rd=%2Fok").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void aFloodOfSignInsFromOneAddressLeavesRoomForEveryoneElse() throws Exception {
    try (IdentityStack s = stack()) {
      Browserless flood = new Browserless();
      int limit = 1_000; // OidcRoutes.MAX_PENDING_PER_CLIENT
      for (int i = 0; i < limit; i++) {
        assertThat(flood.get(s.base() + "/.drawbridge/login?rd=%2F").statusCode())
            .as("sign-in %d", i)
            .isEqualTo(302);
      }
      HttpResponse<String> refused = flood.get(s.base() + "/.drawbridge/login?rd=%2F");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.body()).contains("Too many sign-ins in progress from your address");

      // another client (source address 127.0.0.2) still gets the provider's redirect
      try (java.net.Socket other = new java.net.Socket()) {
        other.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
        other.connect(new java.net.InetSocketAddress("127.0.0.1", s.gateway.port()), 5_000);
        other.setSoTimeout(10_000);
        other
            .getOutputStream()
            .write(
                ("GET /.drawbridge/login?rd=%2F HTTP/1.1\r\nHost: localhost:"
                        + s.gateway.port()
                        + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        String answer =
            new String(other.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(answer)
            .startsWith("HTTP/1.1 302")
            .contains(idp.server.issuerUrl("okta").toString());
      }
    }
  }

  @Test
  void callbackIsThePublicUrlWhenAProxyTerminatesTls() throws Exception {
    try (IdentityStack s =
        new IdentityStack(
            dir,
            Clock.systemUTC(),
            IdentityStack.config(
                List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())), false),
            port -> URI.create("https://localhost:" + port))) {
      IdentityStack.enqueueAna(idp.server);
      Browserless b = new Browserless();
      String publicCallback = "https://localhost:" + s.gateway.port() + "/.drawbridge/callback";
      // the gateway sees plain HTTP, as behind a proxy that terminates TLS
      String callback = b.followUntil(s.base() + "/docs/page", publicCallback);
      assertThat(b.hops.get(1))
          .contains("redirect_uri=" + URLEncoder.encode(publicCallback, StandardCharsets.UTF_8));
      // the proxy hands the https callback to the gateway as plain HTTP
      HttpResponse<String> page = b.follow(callback.replace("https://", "http://"));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("hello ana@corp.example");
    }
  }

  @Test
  void callbackOnAnotherApplicationHostTakesThePublicUrlsScheme() throws Exception {
    try (IdentityStack s =
        new IdentityStack(
            dir,
            Clock.systemUTC(),
            IdentityStack.config(
                List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())), false),
            port -> URI.create("https://access.corp.example"))) {
      HttpResponse<String> r = new Browserless().get(s.base() + "/.drawbridge/login?rd=%2F");
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("location").orElseThrow())
          .contains(
              "redirect_uri="
                  + URLEncoder.encode(
                      "https://localhost:" + s.gateway.port() + "/.drawbridge/callback",
                      StandardCharsets.UTF_8));
    }
  }
}
