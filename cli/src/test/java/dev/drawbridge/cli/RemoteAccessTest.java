package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenSpec;
import dev.drawbridge.server.DrawbridgeServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH through the gateway with the real clients (SPEC §9): OpenSSH's {@code ssh} with {@code
 * ProxyCommand="drawbridge connect …"} to a real {@code sshd}, decided by policy, audited at open
 * and at end, and ended by a lock mid-session; a token without a policy gets nothing past the
 * upgrade.
 */
class RemoteAccessTest {
  @TempDir Path dir;
  SshServer sshd;
  DrawbridgeServer gw;
  final List<Map<String, Object>> tunnelEnds = new java.util.concurrent.CopyOnWriteArrayList<>();
  String opsToken;
  String otherToken;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(SshServer.available(), "openssh-server and openssh-client are installed");
    Path sshDir = Files.createDirectories(dir.resolve("ssh"));
    sshd = new SshServer(sshDir);
    Path cfg = dir.resolve("drawbridge.yaml");
    Files.writeString(
        cfg,
        """
        server: {listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0, public_url: http://gw.test}
        data_dir: DATA
        applications:
          - id: ssh
            hosts: [ssh.test]
            upstream: tcp://127.0.0.1:SSHPORT
            policies:
              - {name: ops, decision: allow, include: [{service_token: [ops]}]}
        """
            .replace("DATA", dir.resolve("data").toString())
            .replace("SSHPORT", "" + sshd.port));
    gw = DrawbridgeServer.start(ConfigLoader.load(cfg), cfg, Clock.systemUTC());
    gw.audit()
        .addListener(
            r -> {
              if ("tunnel_end".equals(r.event())) {
                tunnelEnds.add(r.fields());
              }
            });
    opsToken = token("ops");
    otherToken = token("other");
  }

  String token(String name) {
    CreatedToken t =
        gw.control()
            .tokens()
            .create(new TokenSpec(name, List.of("ssh"), null, List.of(), null, Map.of()));
    return t.clientId() + "." + t.clientSecret();
  }

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  /** The command line of {@code drawbridge connect} in a JVM of its own, for ProxyCommand. */
  String connectCommand(String... more) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder b =
        new StringBuilder(java)
            .append(" -XX:TieredStopAtLevel=1 -cp ")
            .append(System.getProperty("java.class.path"))
            .append(" dev.drawbridge.cli.Main connect --url http://127.0.0.1:")
            .append(gw.gatewayPort());
    for (String m : more) {
      b.append(' ').append(m);
    }
    return b.toString();
  }

  ProcessBuilder ssh(String token, String... command) {
    return sshVia(token, "--host ssh.test", command);
  }

  ProcessBuilder sshVia(String token, String target, String... command) {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "ssh",
            "-F",
            "/dev/null",
            "-i",
            sshd.userKey.toString(),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ProxyCommand=" + connectCommand(target),
            sshd.user + "@ssh.test"));
    cmd.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DRAWBRIDGE_TOKEN", token);
    return pb;
  }

  static String run(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  List<Map<String, Object>> events(String principal) {
    return gw.audit()
        .query(new dev.drawbridge.audit.AuditQuery(principal, null, null, null, null, 0));
  }

  @Test
  void sshThroughTheGatewayRunsACommandAndTheTunnelIsAuditedAtOpenAndAtEnd() throws Exception {
    String out = run(ssh(opsToken, "echo", "ok"));
    assertThat(out.trim()).isEqualTo("ok");
    List<Map<String, Object>> ev = events("ops");
    assertThat(ev)
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("event", "access")
                    .containsEntry("action", "connect")
                    .containsEntry("method", "CONNECT")
                    .containsEntry("path", "/")
                    .containsEntry("decision", "allow")
                    .containsEntry("status", 101));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Map<String, Object> end = null;
    while (end == null && System.nanoTime() < deadline) {
      end =
          tunnelEnds.stream()
              .filter(e -> "ops".equals(e.get("principal")))
              .findFirst()
              .orElse(null);
      Thread.sleep(20);
    }
    assertThat(end).isNotNull();
    assertThat(((Number) end.get("bytes_in")).longValue()).isPositive();
    assertThat(((Number) end.get("bytes_out")).longValue()).isPositive();
    assertThat(end.get("duration_ms")).isNotNull();
    assertThat(end.get("terminated")).isNull();
  }

  @Test
  void sshReachesTheApplicationByIdThroughTheGatewaysOwnHost() throws Exception {
    assertThat(run(sshVia(opsToken, "--app ssh", "echo", "by-id")).trim()).isEqualTo("by-id");
  }

  @Test
  void aTokenWithoutAPolicyGetsNothingPastTheUpgrade() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(connectCommand("--host", "ssh.test").split(" "));
    pb.environment().put("DRAWBRIDGE_TOKEN", otherToken);
    Process q = pb.redirectErrorStream(true).start();
    q.getOutputStream().close();
    String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(q.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(q.exitValue()).isEqualTo(1);
    assertThat(out).contains("403").doesNotContain("SSH-2.0");
    assertThat(events("other"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("decision", "deny")
                    .containsEntry("action", "connect")
                    .containsEntry("status", 403));
  }

  @Test
  void aLockEndsAnSshSessionMidway() throws Exception {
    Process p = ssh(opsToken, "echo started; sleep 60").redirectErrorStream(true).start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(r.readLine()).isEqualTo("started");
    long t0 = System.nanoTime();
    gw.control().locks().lock("ops", "test", null, "test");
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("ssh ended").isTrue();
    System.out.printf(
        "remote access: lock-to-ssh-exit %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Map<String, Object> end = null;
    while (end == null && System.nanoTime() < deadline) {
      end =
          tunnelEnds.stream()
              .filter(e -> "ops".equals(e.get("principal")))
              .findFirst()
              .orElse(null);
      Thread.sleep(20);
    }
    assertThat(end).isNotNull().containsEntry("terminated", "locked");
  }
}
