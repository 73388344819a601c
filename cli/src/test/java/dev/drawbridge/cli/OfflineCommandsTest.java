package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineCommandsTest {
  static final String CONFIG =
      """
      applications:
        - id: git
          hosts: [git.corp.example]
          upstream: http://127.0.0.1:7990
          actions:
            - {name: download, paths: ["/scm/*/*.git/git-upload-pack"], methods: [POST]}
          policies:
            - name: engineers with security keys
              decision: allow
              include: [{group: [engineering]}]
              require: [{auth_method: [hwk]}]
            - name: ci reads
              decision: allow
              include: [{service_token: [ci-bot]}]
              require: [{ip: [198.51.100.0/24]}]
      """;

  @TempDir Path dir;

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("drawbridge.yaml"), yaml);
  }

  @Test
  void checkAcceptsAValidConfigAndSummarizesIt() throws Exception {
    Result r = Cli.run("check", "--config", config(CONFIG).toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK").contains("1 application (git)").contains("2 policies");
  }

  @Test
  void checkPrintsEveryConfigProblemAndExitsOne() throws Exception {
    Path file =
        config(CONFIG.replace("198.51.100.0/24", "10.0.0.0/33").replace("hosts:", "hostz:"));

    Result r = Cli.run("check", "--config", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("10.0.0.0/33").contains("hostz");
    assertThat(r.err().lines().filter(l -> l.startsWith("error: ")).count())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void checkWarnsAboutEveryoneOnAnApplicationWithDownloads() throws Exception {
    Path file =
        config(CONFIG.replace("include: [{group: [engineering]}]", "include: [{everyone: true}]"));

    Result r = Cli.run("check", "--config", file.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("warning: ").contains("everyone");
  }

  @Test
  void checkWarnsAboutSelfReportedKeyModelsAndSigningKeysInClear() throws Exception {
    Path file =
        config(
            """
            store: {url: "postgresql://db.internal/drawbridge?user=gw"}
            identity:
              local_users: true
              webauthn: {rp_id: corp.example, attestation: required,
                         allowed_aaguids: [cb69481e-8ff7-4039-93ec-0a2729a154a8]}
            """
                + CONFIG);

    Result r = Cli.run("check", "--config", file.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("warning: identity.webauthn.allowed_aaguids: a key's model (AAGUID) is what")
        .contains("warning: store: the assertion signing keys will be stored in clear")
        .contains("warning: identity.webauthn.rp_id: rp_id \"corp.example\" cannot serve")
        .contains("0 errors, 3 warnings")
        .doesNotContain("db.internal");
  }

  @Test
  void checkExplainsAMissingFile() {
    Result r = Cli.run("check", "--config", dir.resolve("nope.yaml").toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains("does not exist");
  }

  @Test
  void policyTestPassesWhenEveryCaseHolds() throws Exception {
    Path cases =
        Files.writeString(
            dir.resolve("cases.yaml"),
            """
            - name: engineer with a security key reads a repository
              app: git
              request: {email: ana@corp.example, groups: [engineering], amr: [hwk], ip: 10.1.2.3,
                        method: GET, path: /scm/net/edge.git/info/refs, time: "2026-11-30T10:00:00Z"}
              expect: allow
            - name: ci-bot from elsewhere is denied
              app: git
              request: {token: ci-bot, ip: 203.0.113.9, method: GET, path: /scm/x/y.git, time: "2026-11-30T10:00:00Z"}
              expect: deny
              reason: no_policy_matched
            """);

    Result r =
        Cli.run(
            "policy", "test", "--config", config(CONFIG).toString(), "--cases", cases.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("2 cases: 2 passed, 0 failed");
  }

  @Test
  void policyTestAndExplainReportTheFailedRequirementsReason() throws Exception {
    Path cases =
        Files.writeString(
            dir.resolve("req-cases.yaml"),
            """
            - name: ci-bot from elsewhere fails its ip requirement
              app: git
              request: {token: ci-bot, ip: 203.0.113.9, method: GET, path: /scm/x/y.git}
              expect: deny
              reason: ip_not_allowed
            - name: the wrong requirement is a failure
              app: git
              request: {token: ci-bot, ip: 203.0.113.9, method: GET, path: /scm/x/y.git}
              expect: deny
              reason: device_not_managed
            """);
    Result t =
        Cli.run(
            "policy", "test", "--config", config(CONFIG).toString(), "--cases", cases.toString());
    assertThat(t.out()).contains("2 cases: 1 passed, 1 failed").contains("ip_not_allowed");

    Result r =
        Cli.run(
            "policy",
            "explain",
            "--config",
            config(CONFIG).toString(),
            "--app",
            "git",
            "--token",
            "ci-bot",
            "--ip",
            "203.0.113.9",
            "--path",
            "/scm/a/b.git",
            "-o",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("reason").asText()).isEqualTo("no_policy_matched");
    assertThat(j.get("requirement_reason").asText()).isEqualTo("ip_not_allowed");
  }

  @Test
  void policyTestNamesEachFailureWithExpectedAndActual() throws Exception {
    Path cases =
        Files.writeString(
            dir.resolve("cases.yaml"),
            """
            - name: password users get in
              app: git
              request: {email: bob@corp.example, groups: [engineering], amr: [pwd], path: /, time: "2026-11-30T10:00:00Z"}
              expect: allow
            """);

    Result r =
        Cli.run(
            "policy", "test", "--config", config(CONFIG).toString(), "--cases", cases.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAIL password users get in: expected allow, got deny (no_policy_matched)")
        .contains("1 case: 0 passed, 1 failed");
  }

  @Test
  void policyTestReportsUnreadableCases() throws Exception {
    Path cases =
        Files.writeString(dir.resolve("cases.yaml"), "- name: x\n  app: git\n  expect: maybe\n");

    Result r =
        Cli.run(
            "policy", "test", "--config", config(CONFIG).toString(), "--cases", cases.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cases[0]");
  }

  @Test
  void policyExplainPrintsTheDecisionFirstThenEachPolicy() throws Exception {
    Result r =
        Cli.run(
            "policy",
            "explain",
            "--config",
            config(CONFIG).toString(),
            "--app",
            "git",
            "--email",
            "ana@corp.example",
            "--group",
            "engineering",
            "--amr",
            "hwk",
            "--ip",
            "10.1.2.3",
            "--path",
            "/scm/net/edge.git/info/refs",
            "--time",
            "2026-11-30T10:00:00Z");

    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).isEqualTo("allow");
    assertThat(lines[1]).contains("engineers with security keys").contains("allowed_by_policy");
    assertThat(r.out()).contains("1. engineers with security keys (allow): DECIDED");
  }

  @Test
  void policyExplainPrintsJsonWithTheTrace() throws Exception {
    Result r =
        Cli.run(
            "policy",
            "explain",
            "--config",
            config(CONFIG).toString(),
            "--app",
            "git",
            "--token",
            "ci-bot",
            "--ip",
            "203.0.113.9",
            "--method",
            "POST",
            "--path",
            "/scm/a/b.git",
            "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("decision").asText()).isEqualTo("deny");
    assertThat(j.get("reason").asText()).isEqualTo("no_policy_matched");
    assertThat(j.get("policy").isNull()).isTrue();
    assertThat(j.get("trace")).hasSize(2);
    assertThat(j.get("trace").get(1).get("why").toString()).contains("ip");
  }

  @Test
  void policyExplainAndTestDecideOnThePathTheGatewayWouldDecideOn() throws Exception {
    String yaml =
        CONFIG.replace(
            "    policies:\n",
            "    policies:\n"
                + "      - {name: private, decision: deny, include: [{everyone: true}],"
                + " paths: [\"/private/**\"]}\n"
                + "      - {name: public, decision: bypass, include: [{everyone: true}]}\n");
    Path cfg = config(yaml);
    Result dots =
        Cli.run(
            "policy",
            "explain",
            "--config",
            cfg.toString(),
            "--app",
            "git",
            "--path",
            "/a/../private/x");
    Result overlong =
        Cli.run(
            "policy",
            "explain",
            "--config",
            cfg.toString(),
            "--app",
            "git",
            "--path",
            "/%c0%ae%c0%ae/private/x",
            "--json");
    Path cases =
        Files.writeString(
            dir.resolve("cases.yaml"),
            "- {name: dots, app: git, request: {path: /a/../private/x}, expect: deny,"
                + " reason: denied_by_policy}\n"
                + "- {name: encoded dots, app: git, request: {path: /%2e%2E/private/x}, expect: deny}\n"
                + "- {name: overlong, app: git, request: {path: /%c0%ae/x}, expect: deny,"
                + " reason: bad_request}\n"
                + "- {name: plain, app: git, request: {path: /pub/x}, expect: bypass}\n");
    Result test =
        Cli.run("policy", "test", "--config", cfg.toString(), "--cases", cases.toString());

    assertThat(dots.code()).as(dots.err()).isZero();
    assertThat(dots.out().split("\n")[0]).isEqualTo("deny");
    assertThat(dots.out()).contains("private");
    JsonNode j = new ObjectMapper().readTree(overlong.out());
    assertThat(j.get("decision").asText()).isEqualTo("deny");
    assertThat(j.get("reason").asText()).isEqualTo("bad_request");
    assertThat(test.code()).as(test.out() + test.err()).isZero();
  }

  @Test
  void policyExplainRejectsAnUnknownApplicationAsAUsageError() throws Exception {
    Result r =
        Cli.run(
            "policy",
            "explain",
            "--config",
            config(CONFIG).toString(),
            "--app",
            "wiki",
            "--path",
            "/");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--app").contains("expected one of: git");
  }

  @Test
  void usageErrorsAreOneLineAndExitTwo() {
    Result missing = Cli.run("check");
    Result unknown = Cli.run("check", "--config", "x.yaml", "--colour");
    Result noCommand = Cli.run();
    Result badFormat = Cli.run("incident", "report", "--principal", "p", "--format", "pdf");

    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().lines().count()).isEqualTo(1);
    assertThat(missing.err()).startsWith("error: ").contains("--config");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--colour");
    assertThat(noCommand.code()).isEqualTo(2);
    Result noSub = Cli.run("token");
    assertThat(noSub.code()).isEqualTo(2);
    assertThat(noSub.err()).contains("create, ls, show, rotate, revoke");
    assertThat(badFormat.code()).isEqualTo(2);
    assertThat(badFormat.err()).contains("pdf");
  }

  @Test
  void rulesTestPrintsTheAlertsOfARuleOverEvents() throws Exception {
    Path rule =
        Files.writeString(
            dir.resolve("r.yml"),
            "title: denied\nid: denied\nlevel: high\nlogsource: {product: drawbridge}\n"
                + "detection: {s: {event: access, decision: deny}, condition: s}\n");
    Path events =
        Files.writeString(
            dir.resolve("e.jsonl"),
            "{\"event\":\"access\",\"time\":\"2026-11-23T10:00:00Z\",\"principal\":\"eve\",\"decision\":\"deny\",\"request_id\":\"a\"}\n"
                + "{\"event\":\"access\",\"time\":\"2026-11-23T10:01:00Z\",\"principal\":\"eve\",\"decision\":\"allow\",\"request_id\":\"b\"}\n");

    Result text = Cli.run("rules", "test", rule.toString(), events.toString());
    Result json = Cli.run("rules", "test", rule.toString(), events.toString(), "--json");

    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("denied").contains("principal=eve").contains("1 alert");
    assertThat(new ObjectMapper().readTree(json.out()).get(0).get("rule_id").asText())
        .isEqualTo("denied");
  }

  @Test
  void rulesTestNamesTheBadLine() throws Exception {
    Path rule =
        Files.writeString(
            dir.resolve("r.yml"),
            "title: denied\nid: denied\nlogsource: {product: drawbridge}\n"
                + "detection: {s: {decision: deny}, condition: s}\n");
    Path events = Files.writeString(dir.resolve("e.jsonl"), "{}\nnot json\n");

    Result r = Cli.run("rules", "test", rule.toString(), events.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("e.jsonl:2:");
  }
}
