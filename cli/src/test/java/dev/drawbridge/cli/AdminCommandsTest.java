package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.cli.Cli.Result;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dataDir;
  private AdminServerFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new AdminServerFixture(dataDir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private Result run(String... args) {
    return Cli.run(f.args(args));
  }

  private JsonNode json(Result r) throws Exception {
    assertThat(r.code()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void tokenCreatePrintsTheSecretOnceWithAWarning() throws Exception {
    Result r =
        run(
            "token",
            "create",
            "--name",
            "ci-bot",
            "--app",
            "git",
            "--expires",
            "30d",
            "--cidr",
            "198.51.100.0/24",
            "--owner",
            "ana@corp.example",
            "--label",
            "vendor=acme");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("client_id:")
        .contains("client_secret:")
        .contains("shown only this once");
    String secret =
        r.out()
            .lines()
            .filter(l -> l.contains("client_secret:"))
            .findFirst()
            .orElseThrow()
            .split(":\\s+")[1];
    assertThat(run("token", "show", "ci-bot").out()).doesNotContain(secret);
    assertThat(run("token", "list").out())
        .contains("ci-bot")
        .contains("active")
        .doesNotContain(secret);
  }

  @Test
  void tokenCreateJsonHasTheSpecFields() throws Exception {
    JsonNode t = json(run("token", "create", "--name", "ci-bot", "--app", "git", "--json"));

    assertThat(t.fieldNames())
        .toIterable()
        .containsExactly("id", "name", "client_id", "client_secret", "apps", "expires_at");
    JsonNode list = json(run("token", "list", "--json"));
    assertThat(list.isArray()).isTrue();
    assertThat(list.get(0).get("name").asText()).isEqualTo("ci-bot");
  }

  @Test
  void tokenCreateReportsBadFieldsInOneLine() {
    Result r = run("token", "create", "--name", "CI Bot", "--app", "nope");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: invalid request: ").contains("name").contains("apps[0]");
  }

  @Test
  void tokenRotateAndRevokeChangeTheToken() throws Exception {
    run("token", "create", "--name", "ci-bot", "--app", "git");

    Result rotated = run("token", "rotate", "ci-bot", "--grace", "1h");
    Result revoked = run("token", "revoke", "ci-bot");

    assertThat(rotated.code()).as(rotated.err()).isZero();
    assertThat(rotated.out()).contains("client_secret:").contains("keeps working until");
    assertThat(revoked.out()).contains("Revoked token ci-bot");
    assertThat(json(run("token", "show", "ci-bot", "--json")).get("status").asText())
        .isEqualTo("revoked");
    assertThat(run("token", "show", "ghost").err()).contains("no token with id or name \"ghost\"");
  }

  @Test
  void lockLocksAndUnlockUnlocks() throws Exception {
    Result lock =
        run("lock", "--principal", "eve@corp.example", "--reason", "bulk download", "--ttl", "24h");
    Result locks = run("locks");

    assertThat(lock.out()).startsWith("Locked eve@corp.example until ");
    assertThat(locks.out())
        .contains("PRINCIPAL")
        .contains("eve@corp.example")
        .contains("bulk download");
    assertThat(f.control.locks().lockOf("eve@corp.example")).isPresent();
    assertThat(run("unlock", "--principal", "eve@corp.example").out())
        .contains("Unlocked eve@corp.example");
    assertThat(json(run("locks", "--json"))).isEmpty();
  }

  @Test
  void breachDeclareSaysWhatItDid() throws Exception {
    run("token", "create", "--name", "okta-sync", "--app", "git", "--label", "vendor=okta");

    String since = Instant.now().plusSeconds(60).toString();

    Result r = run("breach", "declare", "--vendor", "okta", "--since", since);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("1 credential marked exposed and suspended until rotated: okta-sync");
    assertThat(run("credentials", "audit").out()).contains("okta-sync").contains("exposed");
  }

  @Test
  void alertsAndAuditQueryPrintTables() throws Exception {
    f.control
        .alerts()
        .save(
            "a1",
            Instant.now(),
            "drawbridge.bulk-download",
            "eve",
            "{\"id\":\"a1\",\"rule_id\":\"drawbridge.bulk-download\",\"principal\":\"eve\",\"level\":\"high\"}");
    f.audit
        .append(
            Map.of(
                "event",
                "access",
                "principal",
                "eve",
                "app",
                "git",
                "decision",
                "deny",
                "reason",
                "locked",
                "path",
                "/x",
                "method",
                "GET"))
        .join();

    Result alerts = run("alerts", "--since", "1h");
    Result events = run("audit", "query", "--principal", "eve", "--decision", "deny");

    assertThat(alerts.out()).contains("drawbridge.bulk-download").contains("eve");
    assertThat(events.out()).contains("TIME").contains("locked").contains("/x");
    assertThat(json(run("audit", "query", "--app", "wiki", "--json"))).isEmpty();
    assertThat(run("audit", "query", "--decision", "maybe").code()).isEqualTo(2);
  }

  @Test
  void incidentReportWritesJsonMarkdownAndHtml(@TempDir Path dir) throws Exception {
    Path html = dir.resolve("r.html");

    JsonNode report =
        json(run("incident", "report", "--principal", "eve", "--since", "7d", "--format", "json"));
    Result md = run("incident", "report", "--principal", "eve", "--format", "md");
    Result written =
        run(
            "incident",
            "report",
            "--principal",
            "eve",
            "--format",
            "html",
            "--out",
            html.toString());

    assertThat(report.get("principal").asText()).isEqualTo("eve");
    assertThat(md.out())
        .contains("# Incident report: eve")
        .contains("| git | 1 | 1 |")
        .contains("| git | net/edge | 1 | 0 |")
        .contains("## Timeline");
    assertThat(written.out()).contains("Wrote the html incident report");
    Result badZone = run("incident", "report", "--principal", "eve", "--tz", "Mars/Olympus");
    assertThat(badZone.code()).isNotZero();
    assertThat(badZone.err()).contains("tz", "is not a time zone");
    assertThat(Files.readString(html))
        .contains("<svg")
        .contains("/scm/net/edge.git")
        .startsWith("<!doctype html>");
  }

  @Test
  void userInvitePrintsTheLink() {
    Result r = run("user", "invite", "--email", "new@corp.example", "--group", "engineering");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("invite=xyz").contains("engineering");
  }

  @Test
  void saysHowToFixAnUnreachableServer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r =
        Cli.run(
            "locks", "--server", "http://127.0.0.1:" + port, "--data-dir", f.dataDir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: cannot reach the admin API at http://127.0.0.1:" + port)
        .contains("is `drawbridge serve` running?");
  }

  @Test
  void saysHowToFixAWrongOrMissingAdminToken(@TempDir Path other) throws Exception {
    Files.writeString(other.resolve("admin.token"), "wrong");

    Result wrong = Cli.run("locks", "--server", f.url(), "--data-dir", other.toString());
    Result missing =
        Cli.run("locks", "--server", f.url(), "--data-dir", other.resolve("x").toString());

    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("refused the admin token");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("admin.token does not exist");
  }
}
