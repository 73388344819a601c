package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.control.ControlPlane;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9493 subjects other than {@code email}: {@code iss_sub} names a user by the issuer of a
 * configured OIDC provider and their subject there (resolved through the sessions it issued), and a
 * {@code complex} subject is read through its {@code user} member.
 */
class SharedSignalsSubjectsTest {
  static final String IDP = "http://127.0.0.1:1/okta"; // never reached: only its issuer matters

  @TempDir Path dir;

  @Test
  void issSubAndComplexSubjectsReachTheSessionsAndPrincipalTheyName() throws Exception {
    try (SigningPeer peer = new SigningPeer("tx-1")) {
      IdentityConfig base =
          IdentityStack.config(List.of(IdentityStack.provider("okta", URI.create(IDP))), false);
      IdentityConfig cfg =
          new IdentityConfig(
              base.session(),
              base.providers(),
              false,
              null,
              List.of(
                  new IdentityConfig.Signal(
                      SharedSignalsTest.TX, peer.jwksUri(), SharedSignalsTest.AUD)),
              null);
      try (IdentityStack s = new IdentityStack(dir, Clock.systemUTC(), cfg);
          ControlPlane control =
              new ControlPlane(s.store, CredentialsConfig.defaults(), Clock.systemUTC())) {
        s.identity.control(control);
        var sessions = s.identity.sessions();
        Instant now = Instant.now();
        sessions.create("ana@corp.example", List.of(), "okta", List.of(), now, "sid-1", "sub-77");
        sessions.create("ana@corp.example", List.of(), "okta", List.of(), now, "sid-2", "sub-77");
        sessions.create("bob@corp.example", List.of(), "okta", List.of(), now, "sid-3", "sub-88");

        Map<String, Object> anaAtOkta = Map.of("format", "iss_sub", "iss", IDP, "sub", "sub-77");
        String set =
            peer.sign(
                SharedSignalsTest.set(SharedSignalsTest.RISC + "account-disabled", anaAtOkta)
                    .build(),
                "secevent+jwt");
        assertThat(
                new Browserless()
                    .post(
                        s.base() + "/.drawbridge/ssf/events", "application/secevent+jwt", set, null)
                    .statusCode())
            .isEqualTo(202);
        assertThat(control.locks().lockOf("ana@corp.example")).isPresent();
        assertThat(control.locks().lockOf("bob@corp.example")).isEmpty();

        set =
            peer.sign(
                SharedSignalsTest.set(
                        SharedSignalsTest.CAEP + "session-revoked",
                        Map.of("format", "complex", "user", anaAtOkta))
                    .build(),
                "secevent+jwt");
        assertThat(
                new Browserless()
                    .post(
                        s.base() + "/.drawbridge/ssf/events", "application/secevent+jwt", set, null)
                    .statusCode())
            .isEqualTo(202);
        assertThat(sessions.list()).extracting(u -> u.email()).containsExactly("bob@corp.example");

        // SSF 1.0 puts the subject in the SET's sub_id, next to an event without one
        set =
            peer.sign(
                new com.nimbusds.jwt.JWTClaimsSet.Builder()
                    .issuer(SharedSignalsTest.TX)
                    .audience(SharedSignalsTest.AUD)
                    .issueTime(new java.util.Date())
                    .jwtID(java.util.UUID.randomUUID().toString())
                    .claim("sub_id", Map.of("format", "email", "email", "bob@corp.example"))
                    .claim(
                        "events",
                        Map.of(
                            SharedSignalsTest.CAEP + "session-revoked",
                            Map.of("event_timestamp", now.getEpochSecond())))
                    .build(),
                "secevent+jwt");
        assertThat(
                new Browserless()
                    .post(
                        s.base() + "/.drawbridge/ssf/events", "application/secevent+jwt", set, null)
                    .statusCode())
            .isEqualTo(202);
        assertThat(sessions.list()).isEmpty();
        assertThat(s.auditWithReason("session_revoked").get(0))
            .containsEntry("principal", "ana@corp.example")
            .containsEntry("sessions", 2);
      }
    }
  }
}
