package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.Effect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyCasesTest {
  private static final String CASES =
      """
      - name: engineer with a security key reads a repository
        app: git
        request: {email: ana@corp.example, groups: [engineering], idp: okta, amr: [hwk], ip: 10.1.2.3,
                  device: managed, method: GET, path: /scm/net/edge.git/info/refs,
                  time: "2026-11-30T10:00:00Z"}
        expect: allow
      - name: ci from outside its network
        app: git
        request: {token: ci-bot, ip: 192.0.2.1, method: POST, path: /scm/net/edge.git/git-upload-pack}
        expect: deny
        reason: no_policy_matched
      - name: wrong expectation
        app: git
        request: {email: bob@corp.example, path: /, time: 2026-11-30T10:00:00+01:00}
        expect: allow
      """;

  private final PolicyEngine engine =
      engine(
          policy("keys").include(group("engineering")).require(amr("hwk"), managed()),
          policy("ci").include(token("ci-bot")).require(ip("198.51.100.0/24")));

  @Test
  void parsesUserAndTokenCases() {
    List<PolicyCase> cases = PolicyCases.parse(CASES, Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(cases).hasSize(3);
    AccessRequest ana = cases.get(0).request();
    assertThat(ana.principalType()).isEqualTo(PrincipalType.USER);
    assertThat(ana.groups()).containsExactly("engineering");
    assertThat(ana.deviceManaged()).isTrue();
    assertThat(ana.time()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    AccessRequest ci = cases.get(1).request();
    assertThat(ci.principalType()).isEqualTo(PrincipalType.SERVICE);
    assertThat(ci.serviceToken()).isEqualTo("ci-bot");
    assertThat(ci.time()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(cases.get(2).request().time()).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    assertThat(cases.get(1).reason()).isEqualTo("no_policy_matched");
  }

  @Test
  void runsCasesAndReportsExpectedAndActual() {
    List<CaseResult> results =
        PolicyCases.run(engine, PolicyCases.parse(CASES, Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(results).extracting(CaseResult::passed).containsExactly(true, true, false);
    assertThat(results.get(2))
        .isEqualTo(
            new CaseResult(
                "wrong expectation", false, Effect.ALLOW, Effect.DENY, null, "no_policy_matched"));
  }

  @Test
  void aMissingTimeIsAnErrorWithoutDefault() {
    assertThatThrownBy(() -> PolicyCases.parse(CASES))
        .isInstanceOf(CaseFormatException.class)
        .hasMessage(
            "cases[1].request.time: missing (expected an RFC 3339 time, e.g. 2026-11-30T10:00:00Z)");
  }

  @Test
  void errorsNameTheCaseIndexAndKey() {
    String yaml =
        """
        - name: a
          app: git
          request: {email: a@x, token: t, ip: 10.0.0.300, path: /, time: yesterday, colour: red}
          expect: maybe
        - app: git
          request: {path: /}
          expect: allow
          extra: 1
        """;
    assertThatThrownBy(() -> PolicyCases.parse(yaml, Instant.EPOCH))
        .isInstanceOf(CaseFormatException.class)
        .satisfies(
            e ->
                assertThat(((CaseFormatException) e).problems())
                    .contains(
                        "cases[0].expect: \"maybe\" (expected: allow, deny or bypass)",
                        "cases[0].request.token: a case is a user (email, groups, idp, amr) or a"
                            + " token, not both",
                        "cases[0].request.ip: \"10.0.0.300\" is not an IP address",
                        "cases[0].request.time: \"yesterday\" is not an RFC 3339 time (e.g."
                            + " 2026-11-30T10:00:00Z)",
                        "cases[1].name: missing")
                    .anyMatch(p -> p.startsWith("cases[0].request.colour: unknown key"))
                    .anyMatch(p -> p.startsWith("cases[1].extra: unknown key")));
  }

  @Test
  void rejectsADocumentThatIsNotAList() {
    assertThatThrownBy(() -> PolicyCases.parse("name: x"))
        .hasMessage("cases: expected a list of cases");
  }
}
