package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLintTest {
  private static List<LintFinding> lint(ApplicationConfig app) {
    return PolicyLint.lint(List.of(app));
  }

  @Test
  void warnsAboutAPolicyShadowedByAnEarlierBroaderOne() {
    var f =
        lint(
            app(
                "wiki",
                policy("staff").include(group("staff", "eng")).paths("/**"),
                policy("eng reads").include(group("eng")).methods("GET").paths("/docs/**"),
                policy("eng keys").include(group("eng")).require(amr("hwk"))));
    assertThat(f)
        .extracting(LintFinding::where)
        .containsExactly("applications[0].policies[1]", "applications[0].policies[2]");
    assertThat(f.get(0).message()).contains("never decides").contains("\"staff\"");
  }

  @Test
  void doesNotWarnWhenTheEarlierPolicyIsNarrower() {
    var f =
        lint(
            app(
                "wiki",
                policy("eng reads").include(group("eng")).methods("GET"),
                policy("staff keys").include(group("staff", "eng")).require(amr("hwk")),
                policy("office").include(ip("10.0.0.0/8")),
                policy("subnet").include(ip("10.1.0.0/16")),
                policy("eng not in lab").include(group("eng")).exclude(ip("10.9.0.0/16"))));
    assertThat(f).extracting(LintFinding::where).containsExactly("applications[0].policies[3]");
  }

  @Test
  void warnsWhenEveryoneIsAllowedOnAnApplicationWithDownloads() {
    var f = lint(app("git", "bitbucket", List.of(), List.of(), policy("all").include(everyone())));
    assertThat(f)
        .extracting(LintFinding::message)
        .anyMatch(m -> m.contains("lets everyone in") && m.contains("download"))
        .anyMatch(m -> m.contains("lets everyone in") && m.contains("admin"));
    assertThat(lint(app("wiki", policy("all").include(everyone())))).isEmpty();
  }

  @Test
  void warnsAboutAServiceTokenPolicyWithoutIpRequirement() {
    var f = lint(app("git", policy("ci").include(token("ci-bot"))));
    assertThat(f)
        .singleElement()
        .extracting(LintFinding::message)
        .asString()
        .contains("admits service tokens from any network");
    assertThat(lint(app("git", policy("ci").include(anyToken()).require(ip("10.0.0.0/8")))))
        .isEmpty();
  }

  @Test
  void reportsARequireThatCanNeverHoldAsAnError() {
    var f =
        lint(
            app(
                "git",
                policy("mixed").include(everyone()).require(anyToken(), amr("hwk"), ip()),
                policy("svc").include(token("ci")).require(ip("10.0.0.0/8"), group("eng"))));
    assertThat(f)
        .filteredOn(x -> x.severity().equals("error"))
        .extracting(LintFinding::message)
        .anyMatch(m -> m.contains("require[2] ip has no networks"))
        .anyMatch(m -> m.contains("users and services are disjoint"))
        .anyMatch(m -> m.contains("admits only service tokens but require needs a user"));
  }

  @Test
  void warnsAboutBypassOnPathsThatAreNotPublicAssets() {
    var f =
        lint(
            app(
                "wiki",
                policy("assets")
                    .effect(Effect.BYPASS)
                    .include(everyone())
                    .paths("/static/**", "/favicon.ico", "/**/*.css", "/assets/app.js", "/api/**"),
                policy("all").effect(Effect.BYPASS).include(everyone())));
    assertThat(f)
        .extracting(LintFinding::message)
        .hasSize(2)
        .anyMatch(m -> m.contains("bypasses /api/**"))
        .anyMatch(m -> m.contains("bypasses every path"));
  }

  @Test
  void warnsAboutAnEmptyInclude() {
    assertThat(lint(app("wiki", policy("none"))))
        .extracting(LintFinding::message)
        .singleElement()
        .asString()
        .contains("matches nobody");
  }
}
