package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Effect;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpressionTest {
  private static Decision decide(String cel, AccessRequest r) {
    return engine(policy("cel").include(cel(cel))).decide(r);
  }

  @Test
  void seesRequestFields() {
    AccessRequest r = user("a@corp.example").method("POST").path("/scm/x").ip("10.0.0.1").build();
    assertThat(
            decide(
                    "request.method == 'POST' && request.path.startsWith('/scm/')"
                        + " && request.ip == '10.0.0.1'",
                    r)
                .effect())
        .isEqualTo(Effect.ALLOW);
  }

  @Test
  void seesTimeAsATimestamp() {
    AccessRequest r = user("a@x").time(Instant.parse("2026-07-15T06:30:00Z")).build();
    assertThat(decide("request.time.getHours('Europe/Berlin') == 8", r).effect())
        .isEqualTo(Effect.ALLOW);
    assertThat(decide("request.time < timestamp('2026-01-01T00:00:00Z')", r).reason())
        .isEqualTo("no_policy_matched");
  }

  @Test
  void seesPrincipalAndDevice() {
    AccessRequest r =
        user("ana@corp.example").groups("eng").amr("hwk").idp("okta").deviceManaged(true).build();
    String cel =
        "'eng' in principal.groups && principal.email.endsWith('@corp.example')"
            + " && 'hwk' in principal.amr && principal.idp == 'okta'"
            + " && principal.type == 'user' && device.managed";
    assertThat(decide(cel, r).effect()).isEqualTo(Effect.ALLOW);
    assertThat(
            decide(
                    "principal.type == 'service' && principal.service_token == 'ci'",
                    service("ci").build())
                .effect())
        .isEqualTo(Effect.ALLOW);
  }

  @Test
  void absentStringsAreEmpty() {
    assertThat(decide("principal.email == ''", service("ci").build()).effect())
        .isEqualTo(Effect.ALLOW);
  }

  @Test
  void anEvaluationErrorFailsClosed() {
    assertThat(decide("request.nope == 'x'", user("a@x").build()))
        .isEqualTo(Decision.INTERNAL_ERROR);
    assertThat(decide("request.method", user("a@x").build())).isEqualTo(Decision.INTERNAL_ERROR);
  }
}
