package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OIDC login through a real gateway with mock-oauth2-server as the identity provider. */
class OidcLoginTest {
  static MockOAuth2Server idp;

  @TempDir Path dir;

  @BeforeAll
  static void startIdp() {
    idp = new MockOAuth2Server();
    idp.start();
  }

  @AfterAll
  static void stopIdp() {
    idp.shutdown();
  }

  private IdentityStack stack() throws Exception {
    return new IdentityStack(
        dir,
        Clock.systemUTC(),
        IdentityStack.config(
            List.of(IdentityStack.provider("okta", idp.issuerUrl("okta").uri())), false));
  }

  private static void enqueueAna() {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "okta",
            "ana-sub",
            "JWT",
            List.of("drawbridge"),
            Map.of(
                "email", "ana@corp.example",
                "groups", List.of("engineering"),
                "amr", List.of("pwd", "mfa")),
            3600));
  }

  @Test
  void browserLogsInThroughTheProviderAndUpstreamVerifiesTheAssertion() throws Exception {
    try (IdentityStack s = stack()) {
      enqueueAna();
      Browserless b = new Browserless();
      HttpResponse<String> page = b.follow(s.base() + "/docs/page?x=1");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("hello ana@corp.example").contains("amr=[pwd, mfa]");
      assertThat(page.body()).contains("/docs/page?x=1");
      assertThat(b.hops.get(0)).startsWith(s.base() + "/.drawbridge/login?rd=");
      assertThat(b.hops.get(1))
          .startsWith(idp.issuerUrl("okta").toString())
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

      HttpResponse<String> out = b.get(s.base() + "/.drawbridge/logout");
      assertThat(out.statusCode()).isEqualTo(200);
      assertThat(s.auditWithReason("logout")).hasSize(1);
      assertThat(b.get(s.base() + "/docs/page").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void replayedStateIsRefused() throws Exception {
    try (IdentityStack s = stack()) {
      enqueueAna();
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
      enqueueAna();
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
      enqueueAna();
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
}
