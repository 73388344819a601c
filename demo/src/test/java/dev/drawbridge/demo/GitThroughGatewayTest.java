package dev.drawbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenSpec;
import dev.drawbridge.server.DrawbridgeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code git} client clones through the gateway with HTTP Basic (client id as user, secret
 * as password), and is refused on the very next clone after the token is revoked.
 */
class GitThroughGatewayTest {
  @Test
  void gitCloneWithBasicAuthWorksAndIsDeniedAfterRevoke(@TempDir Path work) throws Exception {
    try (SampleApps apps = SampleApps.start(work.resolve("apps"))) {
      Path cfg = work.resolve("drawbridge.yaml");
      Files.writeString(
          cfg,
          """
          server: {listen: 127.0.0.1:0, admin_listen: localhost:0}
          data_dir: DATA
          applications:
            - id: git
              hosts: [git.test]
              upstream: UP
              profile: bitbucket
              policies:
                - {name: ci, decision: allow, include: [{service_token: [ci-bot]}]}
          """
              .replace("DATA", work.resolve("data").toString())
              .replace("UP", apps.upstreams().get(SampleApps.GIT).toString()));
      try (DrawbridgeServer server =
          DrawbridgeServer.start(ConfigLoader.load(cfg), cfg, Clock.systemUTC())) {
        CreatedToken t =
            server
                .control()
                .tokens()
                .create(new TokenSpec("ci-bot", List.of("git"), null, List.of(), null, Map.of()));
        int port = server.gatewayPort();
        String url =
            "http://"
                + t.clientId()
                + ":"
                + t.clientSecret()
                + "@git.test:"
                + port
                + "/scm/net/repo-001.git";
        assertThat(clone(port, url, work.resolve("first"))).isZero();
        assertThat(work.resolve("first/README.md")).exists();
        // protocol v2: the ref listing and the pack are both POSTs to git-upload-pack; only the
        // pack is a download
        assertThat(
                server.audit().query(new AuditQuery("ci-bot", null, null, null, null, 0)).stream()
                    .filter(e -> String.valueOf(e.get("path")).endsWith("/git-upload-pack"))
                    .map(e -> e.get("action")))
            .containsExactly("view", "download");

        server.control().tokens().revoke("ci-bot");
        assertThat(clone(port, url, work.resolve("second"))).isNotZero();
        List<Map<String, Object>> events =
            server.audit().query(new AuditQuery("ci-bot", null, null, null, null, 0));
        assertThat(events.get(events.size() - 1))
            .containsEntry("decision", "deny")
            .containsEntry("reason", "credential_revoked");
        assertThat(events)
            .anySatisfy(
                e ->
                    assertThat(e)
                        .containsEntry("action", "download")
                        .containsEntry("decision", "allow"));
      }
    }
  }

  static int clone(int port, String url, Path into) throws Exception {
    Process p =
        new ProcessBuilder(
                "git",
                "-c",
                "http.curloptResolve=git.test:" + port + ":127.0.0.1",
                "-c",
                "protocol.version=2",
                "clone",
                "--quiet",
                url,
                into.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }
}
