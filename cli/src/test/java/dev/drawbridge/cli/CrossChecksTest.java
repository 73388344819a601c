package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} against the running server's tokens: a policy naming a token that does not exist is
 * a warning with a suggestion; a group with no source of groups is a warning; {@code token create}
 * warns when no policy of an --app admits the token.
 */
class CrossChecksTest {
  @TempDir Path dir;

  private Path config(int adminPort, String identity) throws Exception {
    return Files.writeString(
        dir.resolve("drawbridge.yaml"),
        """
        server: {listen: 127.0.0.1:0, admin_listen: 127.0.0.1:%d}
        data_dir: ./data
        %s
        applications:
          - id: git
            hosts: [git.corp.example]
            upstream: http://127.0.0.1:1
            policies:
              - {name: ci, decision: allow, include: [{service_token: [ci-bto]}],
                 require: [{ip: [10.0.0.0/8]}]}
              - {name: eng, decision: allow, include: [{group: [engineering]}]}
          - id: wiki
            hosts: [wiki.corp.example]
            upstream: http://127.0.0.1:1
            policies: [{name: eng, decision: allow, include: [{group: [engineering]}]}]
        """
            .formatted(adminPort, identity));
  }

  @Test
  void checkWarnsAboutATokenNameTheServerDoesNotHaveAndGroupsNothingProvides() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    try (AdminServerFixture f = new AdminServerFixture(data)) {
      Path cfg = config(f.server.port(), "");
      Result created =
          Cli.run(
              "token", "create", "--name", "ci-bot", "--app", "wiki", "--config", cfg.toString());
      assertThat(created.code()).as(created.err()).isZero();
      assertThat(created.err())
          .contains("warning: no policy of application wiki admits token ci-bot");

      Result r = Cli.run("check", "--config", cfg.toString());
      assertThat(r.out())
          .contains(
              "warning: applications[0].policies[0].include[0]: service_token \"ci-bto\" names"
                  + " no token on the server (did you mean ci-bot?)")
          .contains("group [engineering] can never match");
    }
  }

  @Test
  void checkSaysWhenTheServerCannotBeAskedForItsTokens() throws Exception {
    Result r = Cli.run("check", "--config", config(1, "identity: {providers: []}").toString());
    assertThat(r.out())
        .contains("note: service_token names not checked")
        .doesNotContain("ci-bto\" names");
  }

  @Test
  void checkPrintsItsFindingsAsJson() throws Exception {
    Result r = Cli.run("check", "--config", config(1, "").toString(), "-o", "json");
    assertThat(r.code()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode j =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertThat(j.get("ok").asBoolean()).isTrue();
    assertThat(j.get("errors").asInt()).isZero();
    assertThat(j.get("findings").toString()).contains("group [engineering] can never match");
  }
}
