package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Effect;
import org.junit.jupiter.api.Test;

class ExplainTest {
  private final PolicyEngine engine =
      engine(
          policy("readers").include(group("engineering")).methods("GET"),
          policy("keys only").include(group("engineering")).require(amr("hwk")),
          policy("not from the lab").include(everyone()).exclude(ip("203.0.113.0/24")),
          policy("ops").include(group("ops")));

  @Test
  void tracesEveryPolicyWithWhyItMatchedOrNot() {
    AccessRequest r =
        user("ana@corp.example")
            .groups("engineering")
            .amr("pwd")
            .method("POST")
            .ip("203.0.113.5")
            .build();
    Explanation e = engine.explain(r);
    assertThat(e.decision()).isEqualTo(Decision.NO_POLICY_MATCHED);
    assertThat(e.trace()).hasSize(4);
    assertThat(e.trace().get(0).matched()).isFalse();
    assertThat(e.trace().get(0).why()).contains("scope: method POST not in [GET]");
    assertThat(e.trace().get(1).why())
        .contains(
            "include[0] group matched engineering", "require[0] auth_method: amr [pwd] lacks hwk");
    assertThat(e.trace().get(2).why()).contains("exclude[0] ip matched 203.0.113.0/24");
    assertThat(e.trace().get(3).why())
        .containsExactly(
            "include: no selector matched", "include[0] group: groups [engineering] not in [ops]");
  }

  @Test
  void marksTheDecidingPolicy() {
    AccessRequest r =
        user("ana@corp.example").groups("engineering").amr("hwk").method("POST").build();
    Explanation e = engine.explain(r);
    assertThat(e.decision())
        .isEqualTo(new Decision(Effect.ALLOW, "allowed_by_policy", "keys only"));
    assertThat(e.trace())
        .extracting(PolicyTrace::decided)
        .containsExactly(false, true, false, false);
    assertThat(e.trace())
        .extracting(PolicyTrace::matched)
        .containsExactly(false, true, true, false);
  }

  @Test
  void explainsAnUnknownApplicationWithoutTrace() {
    Explanation e = engine.explain(AccessRequest.builder("nope").build());
    assertThat(e.decision().reason()).isEqualTo("unknown_application");
    assertThat(e.trace()).isEmpty();
  }

  @Test
  void reportsAFailingSelectorAsAnErrorAndDecidesInternalError() {
    PolicyEngine e = engine(policy("cel").include(cel("request.nope == 1")));
    Explanation x = e.explain(user("a@x").build());
    assertThat(x.decision()).isEqualTo(Decision.INTERNAL_ERROR);
    assertThat(x.trace().get(0).why().get(0)).startsWith("include[0] expression: error: ");
  }
}
