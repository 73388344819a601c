package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
  private final PolicyEngine engine =
      engine(
          policy("static").effect(Effect.BYPASS).include(everyone()).paths("/static/**"),
          policy("contractors out").effect(Effect.DENY).include(group("contractors")),
          policy("engineers with security keys")
              .include(group("engineering"))
              .require(amr("hwk"))
              .exclude(ip("203.0.113.0/24")),
          policy("ci reads")
              .include(token("ci-bot"))
              .require(ip("198.51.100.0/24"))
              .methods("GET", "POST")
              .paths("/scm/**"));

  @Test
  void allowsAnEngineerWithASecurityKey() {
    Decision d = engine.decide(user("ana@corp.example").groups("engineering").amr("hwk").build());
    assertThat(d)
        .isEqualTo(new Decision(Effect.ALLOW, "allowed_by_policy", "engineers with security keys"));
  }

  @Test
  void deniesAnEngineerWithAPasswordOnly() {
    Decision d = engine.decide(user("ana@corp.example").groups("engineering").amr("pwd").build());
    assertThat(d).isEqualTo(Decision.deny("no_policy_matched"));
  }

  @Test
  void excludeWinsOverIncludeAndRequire() {
    AccessRequest r =
        user("ana@corp.example").groups("engineering").amr("hwk").ip("203.0.113.9").build();
    assertThat(engine.decide(r).reason()).isEqualTo("no_policy_matched");
  }

  @Test
  void firstMatchingPolicyDecidesEvenWhenALaterOneWouldAllow() {
    AccessRequest r =
        user("c@corp.example").groups("contractors", "engineering").amr("hwk").build();
    assertThat(engine.decide(r))
        .isEqualTo(new Decision(Effect.DENY, "denied_by_policy", "contractors out"));
  }

  @Test
  void bypassDecidesForAnonymousRequestsOnStaticAssets() {
    AccessRequest r = AccessRequest.builder("git").anonymous().path("/static/app.css").build();
    assertThat(engine.decide(r)).isEqualTo(new Decision(Effect.BYPASS, "bypass", "static"));
    assertThat(engine.decide(r).permits()).isTrue();
  }

  @Test
  void scopeLimitsMethodsAndPaths() {
    assertThat(engine.decide(service("ci-bot").method("GET").build()).effect())
        .isEqualTo(Effect.ALLOW);
    assertThat(engine.decide(service("ci-bot").method("DELETE").build()).reason())
        .isEqualTo("no_policy_matched");
    assertThat(engine.decide(service("ci-bot").path("/rest/api/1.0/admin").build()).reason())
        .isEqualTo("no_policy_matched");
    assertThat(engine.decide(service("ci-bot").ip("192.0.2.1").build()).reason())
        .isEqualTo("no_policy_matched");
  }

  @Test
  void emptyIncludeMatchesNobody() {
    PolicyEngine e = engine(policy("nobody").require(ip("0.0.0.0/0")));
    assertThat(e.decide(user("a@x").build()).reason()).isEqualTo("no_policy_matched");
  }

  @Test
  void unknownApplicationIsDenied() {
    AccessRequest r = AccessRequest.builder("wiki").user("a@x").build();
    assertThat(engine.decide(r)).isEqualTo(Decision.UNKNOWN_APPLICATION);
    assertThat(engine.knows("wiki")).isFalse();
  }

  @Test
  void anExceptionDuringEvaluationFailsClosed() {
    PolicyEngine e =
        engine(
            policy("window")
                .include(everyone())
                .require(time(java.util.Set.of(), "08:00-09:00", "UTC")));
    AccessRequest noTime =
        new AccessRequest(
            "git",
            PrincipalType.USER,
            "a@x",
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            "GET",
            "/",
            null);
    assertThat(e.decide(noTime)).isEqualTo(Decision.INTERNAL_ERROR);
  }

  @Test
  void decideReturnsTheSameDecisionInstanceForTheSamePolicy() {
    AccessRequest r = user("ana@corp.example").groups("engineering").amr("hwk").build();
    assertThat(engine.decide(r)).isSameAs(engine.decide(r));
  }

  @Test
  void otherModulesDenyWithTheirOwnReasons() {
    assertThat(Decision.deny("locked"))
        .isEqualTo(new Decision(Effect.DENY, "locked", null))
        .extracting(Decision::permits)
        .isEqualTo(false);
  }

  @Test
  void compileReportsBadGlobsAndBadExpressionsWithTheirPath() {
    var bad =
        app(
            "git",
            policy("p")
                .include(cel("request.method =="))
                .paths("scm/**", "/ok/**")
                .where("applications[3].policies[1]"));
    assertThatThrownBy(() -> PolicyEngine.compile(List.of(bad)))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            ex -> {
              List<String> problems = ((ConfigException) ex).problems();
              assertThat(problems).hasSize(2);
              assertThat(problems.get(0)).startsWith("applications[3].policies[1].paths[0]: ");
              assertThat(problems.get(1))
                  .startsWith("applications[0].policies[0].include[0].expression: ");
            });
  }

  @Test
  void compileRejectsAnExpressionThatDoesNotReturnBool() {
    assertThatThrownBy(
            () -> PolicyEngine.compile(List.of(app("git", policy("p").include(cel("1 + 2"))))))
        .hasMessageContaining("include[0].expression: must return bool");
  }

  @Test
  void compileRejectsAnExpressionWithATypeError() {
    assertThatThrownBy(
            () ->
                PolicyEngine.compile(List.of(app("git", policy("p").include(cel("1 + 'a' == 3"))))))
        .hasMessageContaining("include[0].expression: ")
        .hasMessageContaining("found no matching overload");
  }

  @Test
  void compileRejectsUnknownProfilesAndDuplicateApplications() {
    var a = app("git", "svn", List.of(), List.of());
    assertThatThrownBy(() -> PolicyEngine.compile(List.of(a, a)))
        .hasMessageContaining("applications[0].profile: \"svn\" is not a profile")
        .hasMessageContaining("is used by two applications");
  }
}
