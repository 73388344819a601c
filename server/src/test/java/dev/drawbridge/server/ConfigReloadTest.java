package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A changed config file is applied; a bad one leaves the running config in force. */
class ConfigReloadTest {
  static final String BASE =
      """
      server: {listen: 127.0.0.1:0, admin_listen: localhost:0}
      data_dir: ${DATA}
      applications:
        - id: wiki
          hosts: [wiki.test]
          upstream: UP
          policies:
            - {name: public, decision: bypass, include: [{everyone: true}]}
      """;

  @Test
  void changedFileIsAppliedAndBadFileKeepsTheRunningConfig() throws Exception {
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(BASE.replace("UP", up.url()))) {
      Path file = h.dir.resolve("drawbridge.yaml");
      assertThat(h.get("wiki.test", "/x").statusCode()).isEqualTo(200);
      assertThat(h.get("jira.test", "/x").statusCode()).isEqualTo(404);

      String withJira =
          Files.readString(file)
              + """
                - id: jira
                  hosts: [jira.test]
                  upstream: UP
                  policies:
                    - {name: public, decision: bypass, include: [{everyone: true}]}
              """
                  .replace("UP", up.url());
      Files.writeString(file, withJira);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.get("jira.test", "/x").statusCode() == 200);

      Files.writeString(file, withJira.replace("upstream: " + up.url(), "upstream: htp://bad"));
      Thread.sleep(1500); // give the watcher time to see the bad file (nothing to wait for)
      assertThat(h.server.reload()).isFalse();
      assertThat(h.get("jira.test", "/x").statusCode()).isEqualTo(200);
      assertThat(h.get("wiki.test", "/x").statusCode()).isEqualTo(200);
      String log;
      try (var files = Files.list(h.server.config().dataDir().resolve("audit"))) {
        StringBuilder sb = new StringBuilder();
        for (Path p : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
          sb.append(Files.readString(p));
        }
        log = sb.toString();
      }
      assertThat(log).contains("\"event\":\"config_rejected\"").contains("htp://bad");
    }
  }
}
