package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenID Connect Back-Channel Logout 1.0 at {@code /.drawbridge/backchannel-logout} of a real
 * gateway: tokens from mock-oauth2-server (signed with the key its JWKS endpoint serves) end the
 * session they name; a negative suite against a provider whose key the test holds shows each
 * refusal with its reason and the session untouched.
 */
class BackchannelLogoutTest {
  static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
  static final String PATH = "/.drawbridge/backchannel-logout";

  @RegisterExtension static final StartedIdp idp = new StartedIdp();

  @TempDir Path dir;

  private IdentityStack okta() throws Exception {
    return new IdentityStack(
        dir,
        Clock.systemUTC(),
        IdentityStack.config(
            List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())), false));
  }

  private static String logoutToken(String sid) {
    return idp.server
        .issueToken(
            "okta",
            "drawbridge",
            new DefaultOAuth2TokenCallback(
                "okta",
                "ana-sub",
                "logout+jwt",
                List.of("drawbridge"),
                Map.of("sid", sid, "events", Map.of(EVENT, Map.of())),
                120))
        .serialize();
  }

  private static Browserless.Reply send(IdentityStack s, String token) throws Exception {
    return new Browserless()
        .post(
            s.base() + PATH,
            "application/x-www-form-urlencoded",
            "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
            null);
  }

  private static Browserless signIn(IdentityStack s, String sid) throws Exception {
    IdentityStack.enqueueAna(
        idp.server, Map.of("email", "ana@corp.example", "email_verified", true, "sid", sid));
    Browserless b = new Browserless();
    assertThat(b.follow(s.base() + "/docs/page").statusCode()).isEqualTo(200);
    return b;
  }

  @Test
  void aLogoutTokenFromTheProviderEndsTheSessionItNamesAndOnlyThatOne() throws Exception {
    try (IdentityStack s = okta()) {
      Browserless first = signIn(s, "sid-1");
      Browserless second = signIn(s, "sid-2");

      Browserless.Reply r = send(s, logoutToken("sid-1"));

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      HttpResponse<String> next = first.get(s.base() + "/docs/page");
      assertThat(next.statusCode()).isEqualTo(302);
      assertThat(next.headers().firstValue("location").orElseThrow())
          .startsWith("/.drawbridge/login");
      assertThat(second.get(s.base() + "/docs/page").statusCode()).isEqualTo(200);
      assertThat(s.auditWithReason("logged_out"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e)
                      .containsEntry("event", "identity_signal")
                      .containsEntry("signal", "backchannel_logout")
                      .containsEntry("principal", "ana@corp.example")
                      .containsEntry("outcome", "sessions_revoked")
                      .containsEntry("sessions", 1)
                      .containsEntry("decision", "allow"));
    }
  }

  @Test
  void theSameLogoutTokenTwiceIsRefusedAsAReplay() throws Exception {
    try (IdentityStack s = okta()) {
      String token = logoutToken("sid-x");
      assertThat(send(s, token).statusCode()).isEqualTo(200);
      Browserless.Reply again = send(s, token);
      assertThat(again.statusCode()).isEqualTo(400);
      assertThat(again.body()).contains("\"error\":\"replayed_jti\"");
      assertThat(s.auditWithReason("replayed_jti")).hasSize(1);
    }
  }

  /** A provider whose signing key the test holds, and a live session it issued (sid-9, sub-9). */
  private static final class Held implements AutoCloseable {
    final FakeIdp fake = new FakeIdp();
    final IdentityStack s;
    final String cookie;

    Held(Path dir) throws Exception {
      s =
          new IdentityStack(
              dir,
              Clock.systemUTC(),
              IdentityStack.config(
                  List.of(IdentityStack.provider("fake", fake.issuerUri())), false));
      cookie =
          s.identity
              .sessions()
              .create(
                  "ana@corp.example",
                  List.of(),
                  "fake",
                  List.of("pwd"),
                  Instant.now(),
                  "sid-9",
                  "sub-9")
              .cookieValue();
    }

    JWTClaimsSet.Builder claims() {
      Instant now = Instant.now();
      return new JWTClaimsSet.Builder()
          .issuer(fake.issuer())
          .audience("drawbridge")
          .subject("sub-9")
          .claim("sid", "sid-9")
          .issueTime(Date.from(now))
          .expirationTime(Date.from(now.plusSeconds(120)))
          .jwtID(UUID.randomUUID().toString())
          .claim("events", Map.of(EVENT, Map.of()));
    }

    String signed(JWTClaimsSet c) throws Exception {
      return SigningPeer.sign(c, "logout+jwt", fake.key);
    }

    int page() throws Exception {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(s.base() + "/docs/page"))
                  .header("Cookie", "drawbridge_session=" + cookie)
                  .header("Accept", "text/html")
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }

    void refused(String body, String reason) throws Exception {
      Browserless.Reply r =
          new Browserless().post(s.base() + PATH, "application/x-www-form-urlencoded", body, null);
      assertThat(r.statusCode()).as(reason + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"error\":\"" + reason + "\"}");
      assertThat(s.auditWithReason(reason))
          .as(reason)
          .isNotEmpty()
          .allSatisfy(
              e ->
                  assertThat(e)
                      .containsEntry("event", "identity_signal")
                      .containsEntry("decision", "deny"));
      assertThat(page()).as("session still live after " + reason).isEqualTo(200);
    }

    void refusedToken(String token, String reason) throws Exception {
      refused("logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), reason);
    }

    @Override
    public void close() {
      s.close();
      fake.close();
    }
  }

  @Test
  void everyFlawedLogoutTokenIsRefusedWithItsReasonAndTheSessionLives() throws Exception {
    try (Held h = new Held(dir)) {
      assertThat(h.page()).isEqualTo(200);
      Instant now = Instant.now();
      h.refusedToken(SigningPeer.unsigned(h.claims().build()), "alg_not_allowed");
      h.refusedToken(
          SigningPeer.sign(h.claims().build(), "logout+jwt", new SigningPeer("k1").stranger),
          "bad_signature");
      h.refusedToken(h.signed(h.claims().audience("someone-else").build()), "wrong_audience");
      h.refusedToken(
          h.signed(h.claims().issueTime(Date.from(now.minus(Duration.ofMinutes(10)))).build()),
          "stale_iat");
      h.refusedToken(
          h.signed(h.claims().expirationTime(Date.from(now.minusSeconds(300))).build()),
          "token_expired");
      h.refusedToken(
          h.signed(h.claims().issuer("https://elsewhere.example").build()), "unknown_issuer");
      h.refusedToken(h.signed(h.claims().claim("nonce", "n").build()), "nonce_present");
      h.refusedToken(h.signed(h.claims().claim("events", Map.of()).build()), "missing_event");
      h.refusedToken(
          h.signed(h.claims().subject(null).claim("sid", null).build()), "missing_sid_and_sub");
      h.refusedToken(h.signed(h.claims().jwtID(null).build()), "missing_jti");
      h.refusedToken("not.a.jwt", "malformed_token");
      h.refused("logout_token=", "malformed_request");
      h.refused("logout_token=" + "a".repeat(20_000), "too_large");
      String other = h.signed(h.claims().claim("sid", "sid-other").build());
      Browserless.Reply ok =
          new Browserless()
              .post(
                  h.s.base() + PATH,
                  "application/x-www-form-urlencoded",
                  "logout_token=" + other,
                  null);
      assertThat(ok.statusCode()).isEqualTo(200);
      h.refusedToken(other, "replayed_jti");

      // the same checks pass a sound token, which ends the session: the suite can fail
      Browserless.Reply sound =
          new Browserless()
              .post(
                  h.s.base() + PATH,
                  "application/x-www-form-urlencoded",
                  "logout_token=" + h.signed(h.claims().build()),
                  null);
      assertThat(sound.statusCode()).as(sound.body()).isEqualTo(200);
      assertThat(h.page()).isEqualTo(302);
    }
  }
}
