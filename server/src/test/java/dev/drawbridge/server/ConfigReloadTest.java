package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.ConfigLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  @Test
  void anEditFollowedBySighupReloadsOnce() throws Exception {
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(BASE.replace("UP", up.url()))) {
      Path file = h.dir.resolve("drawbridge.yaml");
      long before = loadedEvents(h);
      Files.writeString(file, Files.readString(file) + "# edited\n");
      assertThat(h.server.reload()).as("SIGHUP").isTrue();
      Thread.sleep(2000); // the watcher sees the same edit (300 ms debounce); nothing to wait for
      assertThat(loadedEvents(h) - before).as("one reload for one edit").isEqualTo(1);
      // the watcher alone still reloads a change
      Files.writeString(file, Files.readString(file) + "# again\n");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> loadedEvents(h) - before == 2);
      // and SIGHUP without a change still reloads: the operator asked for it
      assertThat(h.server.reload()).isTrue();
    }
  }

  private static long loadedEvents(ServerHarness h) throws Exception {
    return auditText(h).lines().filter(l -> l.contains("\"config_loaded\"")).count();
  }

  @Test
  void namesTheChangesThatWaitForARestart() throws Exception {
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(BASE.replace("UP", up.url()))) {
      Path file = h.dir.resolve("drawbridge.yaml");
      String same = Files.readString(file);
      assertThat(RestartKeys.changed(h.server.config(), ConfigLoader.load(file))).isEmpty();

      Files.writeString(
          file,
          same.replace("admin_listen: localhost:0}", "admin_listen: localhost:0, event_loops: 3}")
              + "audit: {durability: batched, webhook: http://127.0.0.1:9/hook}\n"
              + "credentials: {default_expiry: 5d}\n");
      assertThat(h.server.reload()).isTrue();
      // the file watcher may have applied it first; either way one config_loaded event says so
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(auditText(h))
                      .contains("\"restart_required\":[\"server.event_loops\"]"));
      // the audit settings apply at once
      assertThat(h.server.audit().durability()).isEqualTo(AuditConfig.Durability.BATCHED);
      // credentials apply at once: a token created now gets the new default expiry
      HttpResponse<String> created =
          h.admin("POST", "/api/v1/tokens", "{\"name\": \"ci\", \"apps\": [\"wiki\"]}");
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.body()).contains("\"expires_at\":\"2026-12-05T10:00:00Z\"");
      // a second reload of the same file still says so: the server runs what it started with
      assertThat(h.server.reload()).isTrue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(auditText(h).split("restart_required", -1).length - 1)
                      .isGreaterThanOrEqualTo(2));
      // and going back to what runs needs no restart
      Files.writeString(file, same);
      assertThat(h.server.reload()).isTrue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                List<String> loaded =
                    auditText(h).lines().filter(l -> l.contains("\"config_loaded\"")).toList();
                assertThat(loaded).hasSizeGreaterThanOrEqualTo(3);
                assertThat(loaded.get(loaded.size() - 1)).doesNotContain("restart_required");
              });
      // still serving with what a reload does apply
      assertThat(h.get("wiki.test", "/x").statusCode()).isEqualTo(200);
      assertThat(h.server.audit().durability()).isEqualTo(AuditConfig.Durability.STRICT);
    }
  }

  @Test
  void auditDurabilityChangesOnReload() throws Exception {
    // A batch window and checkpoint interval far longer than the test: in batched mode nothing
    // forces the segment while it runs, so any fsync seen after a response is strict mode's.
    String batched =
        BASE
            + "audit: {durability: batched, batch_window: 60s, checkpoint_interval: 1h,"
            + " checkpoint_every: 1000000}\n";
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(batched.replace("UP", up.url()))) {
      Path file = h.dir.resolve("drawbridge.yaml");
      var log = h.server.audit();
      assertThat(log.durability()).isEqualTo(AuditConfig.Durability.BATCHED);
      long before = log.fsyncs();
      for (int i = 0; i < 3; i++) {
        assertThat(h.get("wiki.test", "/b" + i).statusCode()).isEqualTo(200);
      }
      assertThat(log.fsyncs()).as("batched: no fsync per request").isEqualTo(before);

      Files.writeString(
          file, Files.readString(file).replace("durability: batched", "durability: strict"));
      assertThat(h.server.reload()).isTrue();
      assertThat(log.durability()).isEqualTo(AuditConfig.Durability.STRICT);
      for (int i = 0; i < 3; i++) {
        long f = log.fsyncs();
        assertThat(h.get("wiki.test", "/s" + i).statusCode()).isEqualTo(200);
        assertThat(log.fsyncs())
            .as("strict: the event was forced before the response")
            .isGreaterThan(f);
      }
      List<String> loaded =
          auditText(h).lines().filter(l -> l.contains("\"config_loaded\"")).toList();
      assertThat(loaded.get(loaded.size() - 1)).doesNotContain("restart_required");
      assertThat(auditText(h)).contains("\"path\":\"/s2\"").contains("\"path\":\"/b0\"");
    }
  }

  @Test
  void aWebhookConfiguredByReloadGetsTheEvents() throws Exception {
    List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    try (EchoUpstream up = new EchoUpstream();
        ServerHarness h = new ServerHarness(BASE.replace("UP", up.url()))) {
      Path file = h.dir.resolve("drawbridge.yaml");
      assertThat(h.admin("GET", "/metrics", null).body()).doesNotContain("drawbridge_webhook");
      Files.writeString(
          file,
          Files.readString(file)
              + "audit: {webhook: http://127.0.0.1:"
              + hook.getAddress().getPort()
              + "/hook}\n");
      assertThat(h.server.reload()).isTrue();
      assertThat(h.get("wiki.test", "/after-reload").statusCode()).isEqualTo(200);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> String.join("", posted).contains("\"path\":\"/after-reload\""));
      assertThat(auditText(h)).doesNotContain("restart_required");
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  h.admin("GET", "/metrics", null)
                      .body()
                      .lines()
                      .anyMatch(
                          l ->
                              l.startsWith("drawbridge_webhook_sent_total ")
                                  && !l.endsWith(" 0.0")));
    } finally {
      hook.stop(0);
    }
  }

  private static String auditText(ServerHarness h) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(h.server.config().dataDir().resolve("audit"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        sb.append(Files.readString(p));
      }
    }
    return sb.toString();
  }
}
