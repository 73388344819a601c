package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Shared Signals push receiver (RFC 8935) of a real gateway: SETs built with Nimbus, signed by
 * a test transmitter whose JWKS a real HTTP endpoint serves, act through the control plane and
 * sessions as SPEC §10 says; flawed SETs are refused with RFC 8935 error codes and change nothing.
 */
class SharedSignalsTest {
  static final String TX = "https://transmitter.example";
  static final String AUD = "https://gateway.example/ssf";
  static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
  static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
  static final String ANA = "ana@corp.example";

  @TempDir Path dir;
  SigningPeer peer;
  IdentityStack s;
  ControlPlane control;
  String cookie;

  @BeforeEach
  void start() throws Exception {
    peer = new SigningPeer("tx-1");
    IdentityConfig base = IdentityStack.config(List.of(), false);
    IdentityConfig cfg =
        new IdentityConfig(
            base.session(),
            base.providers(),
            false,
            null,
            List.of(new IdentityConfig.Signal(TX, peer.jwksUri(), AUD)),
            null);
    s = new IdentityStack(dir, Clock.systemUTC(), cfg);
    control = new ControlPlane(s.store, CredentialsConfig.defaults(), Clock.systemUTC());
    s.identity.control(control);
    cookie =
        s.identity
            .sessions()
            .create(ANA, List.of(), "okta", List.of("pwd"), Instant.now(), null, null)
            .cookieValue();
  }

  @AfterEach
  void stop() {
    s.close();
    control.close();
    peer.close();
  }

  static JWTClaimsSet.Builder set(String type, Map<String, Object> subject) {
    return new JWTClaimsSet.Builder()
        .issuer(TX)
        .audience(AUD)
        .issueTime(new Date())
        .jwtID(UUID.randomUUID().toString())
        .claim(
            "events",
            Map.of(
                type,
                Map.of("subject", subject, "event_timestamp", Instant.now().getEpochSecond())));
  }

  static Map<String, Object> email(String e) {
    return Map.of("format", "email", "email", e);
  }

  Browserless.Reply push(String body) throws Exception {
    return new Browserless()
        .post(s.base() + "/.drawbridge/ssf/events", "application/secevent+jwt", body, null);
  }

  Browserless.Reply push(JWTClaimsSet c) throws Exception {
    return push(peer.sign(c, "secevent+jwt"));
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

  @Test
  void sessionRevokedEndsTheSubjectsSessionsAndIsAudited() throws Exception {
    assertThat(page()).isEqualTo(200);
    Browserless.Reply r = push(set(CAEP + "session-revoked", email(ANA)).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(page()).isEqualTo(302);
    assertThat(s.auditWithReason("session_revoked"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .containsEntry("event", "identity_signal")
                    .containsEntry("signal", "caep.session-revoked")
                    .containsEntry("issuer", TX)
                    .containsEntry("principal", ANA)
                    .containsEntry("outcome", "sessions_revoked")
                    .containsEntry("sessions", 1));
  }

  @Test
  void accountDisabledLocksThePrincipalAndAccountEnabledRemovesOnlyThatLock() throws Exception {
    control.locks().lock("bob@corp.example", "admin says so", null, "admin");

    assertThat(push(set(RISC + "account-disabled", email(ANA)).build()).statusCode())
        .isEqualTo(202);
    assertThat(control.locks().lockOf(ANA))
        .hasValueSatisfying(l -> assertThat(l.createdBy()).isEqualTo("signal:" + TX));

    assertThat(push(set(RISC + "account-enabled", email("bob@corp.example")).build()).statusCode())
        .isEqualTo(202);
    assertThat(control.locks().lockOf("bob@corp.example")).isPresent();
    assertThat(s.auditWithReason("no_signal_lock")).hasSize(1);

    assertThat(push(set(RISC + "account-enabled", email(ANA)).build()).statusCode()).isEqualTo(202);
    assertThat(control.locks().lockOf(ANA)).isEmpty();
    assertThat(s.auditWithReason("account_disabled").get(0)).containsEntry("outcome", "locked");
    assertThat(s.auditWithReason("account_enabled").get(0)).containsEntry("outcome", "unlocked");
  }

  @Test
  void credentialCompromiseOfAnOpaqueSubjectSuspendsThatServiceToken() throws Exception {
    CreatedToken t =
        control.tokens().create(new TokenSpec("ci-bot", List.of("wiki"), null, null, null, null));
    assertThat(control.tokens().find("ci-bot").orElseThrow().status()).isEqualTo("active");

    Browserless.Reply r =
        push(
            set(RISC + "credential-compromise", Map.of("format", "opaque", "id", t.clientId()))
                .build());

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(control.tokens().find("ci-bot").orElseThrow().status()).isEqualTo("suspended");
    assertThat(s.auditWithReason("credential_compromised").get(0))
        .containsEntry("principal", "ci-bot")
        .containsEntry("principal_type", "service")
        .containsEntry("outcome", "token_suspended");
  }

  @Test
  void aTransmitterWhoseHttpClientSendsHeadAndBodyApartIsServedToo() throws Exception {
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(s.base() + "/.drawbridge/ssf/events"))
                    .header("Content-Type", "application/secevent+jwt")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            peer.sign(
                                set(CAEP + "session-revoked", email(ANA)).build(), "secevent+jwt")))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(page()).isEqualTo(302);
  }

  @Test
  void credentialChangeOfAUserRevokesTheirSessions() throws Exception {
    assertThat(push(set(CAEP + "credential-change", email(ANA)).build()).statusCode())
        .isEqualTo(202);
    assertThat(page()).isEqualTo(302);
  }

  @Test
  void anUnknownEventTypeIsAcceptedAndRecordedButNotActedOn() throws Exception {
    Browserless.Reply r =
        push(set("https://example.com/event-type/weather-changed", email(ANA)).build());
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(s.auditWithReason("unknown_event_type").get(0)).containsEntry("outcome", "recorded");
    assertThat(page()).isEqualTo(200);
  }

  @Test
  void aKeyTheReceiverHasNotSeenIsFetchedFromTheJwksWhenASetNamesIt() throws Exception {
    assertThat(push(set("https://example.com/ping", email(ANA)).build()).statusCode())
        .isEqualTo(202);
    peer.rotate("tx-2");
    Browserless.Reply r = push(set(CAEP + "session-revoked", email(ANA)).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(peer.jwksFetches.get()).isGreaterThanOrEqualTo(2);
    assertThat(page()).isEqualTo(302);
  }

  void refused(Browserless.Reply r, String err, String reason) throws Exception {
    assertThat(r.statusCode()).as(reason + " " + r.body()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"err\":\"" + err + "\",\"description\":\"" + reason + "\"}");
    assertThat(s.auditWithReason(reason))
        .as(reason)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e).containsEntry("decision", "deny"));
    assertThat(page()).as("session live after " + reason).isEqualTo(200);
    assertThat(control.locks().lockOf(ANA)).isEmpty();
  }

  @Test
  void everyFlawedSetIsRefusedWithItsRfc8935CodeAndChangesNothing() throws Exception {
    JWTClaimsSet disable = set(RISC + "account-disabled", email(ANA)).build();
    JWTClaimsSet revoke = set(CAEP + "session-revoked", email(ANA)).build();
    refused(push(SigningPeer.unsigned(revoke)), "invalid_key", "alg_not_allowed");
    refused(
        push(SigningPeer.sign(revoke, "secevent+jwt", peer.stranger)),
        "invalid_key",
        "bad_signature");
    refused(
        push(new JWTClaimsSet.Builder(disable).issuer("https://other.example").build()),
        "invalid_issuer",
        "unknown_issuer");
    refused(
        push(new JWTClaimsSet.Builder(disable).audience("https://other.example").build()),
        "invalid_audience",
        "wrong_audience");
    refused(
        push(
            new JWTClaimsSet.Builder(disable)
                .issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(30))))
                .build()),
        "invalid_request",
        "stale_iat");
    refused(
        push(
            new JWTClaimsSet.Builder(disable)
                .expirationTime(Date.from(Instant.now().minusSeconds(600)))
                .build()),
        "invalid_request",
        "token_expired");
    refused(push("{\"events\": not json"), "invalid_request", "malformed_token");
    refused(push("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln"), "invalid_request", "malformed_token");
    refused(push("x".repeat(70_000)), "invalid_request", "too_large");

    JWTClaimsSet ping = set("https://example.com/ping", email(ANA)).build();
    assertThat(push(ping).statusCode()).isEqualTo(202);
    refused(push(ping), "invalid_request", "replayed_jti");

    // a sound SET with the same claims is acted on: the suite can fail
    assertThat(push(disable).statusCode()).isEqualTo(202);
    assertThat(control.locks().lockOf(ANA)).isPresent();
  }
}
