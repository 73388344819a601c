package dev.drawbridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.HostPort;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.store.Store;
import dev.drawbridge.testkit.MutableClock;
import dev.drawbridge.testkit.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real admin API over a real control plane (SQLite in a temp dir) and a real audit log, with a
 * clock the test moves, and a java.net.http client that speaks to it. {@link #close()} deletes the
 * temp dir.
 */
final class AdminFixture implements AutoCloseable {
  static final String TOKEN = "test-admin-token-0123456789";
  static final String CONFIG =
      """
      applications:
        - id: git
          hosts: [git.corp.example]
          upstream: http://127.0.0.1:1
          policies: []
        - id: wiki
          hosts: [wiki.corp.example]
          upstream: http://127.0.0.1:1
          policies:
            - name: engineers
              decision: allow
              include: [{group: [engineering]}]
            - name: ci-bot
              decision: allow
              include: [{service_token: [ci-bot]}]
              require: [{ip: [127.0.0.0/8]}]
      """;
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  final Store store;
  final ControlPlane control;
  final AuditLog audit;
  final AdminServer server;

  /** Real user sessions over this store, behind {@code /api/v1/sessions}. */
  final SessionManager sessions;

  final List<String> invited = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  AdminFixture() throws Exception {
    this(true);
  }

  AdminFixture(boolean withReporter) throws Exception {
    this(withReporter, AdminTransport.Limits.DEFAULTS);
  }

  AdminFixture(AdminTransport.Limits limits) throws Exception {
    this(true, limits);
  }

  AdminFixture(boolean withReporter, AdminTransport.Limits limits) throws Exception {
    dir = Files.createTempDirectory("drawbridge-admin-test");
    try {
      DrawbridgeConfig cfg = ConfigLoader.parse(CONFIG, dir, k -> null);
      store = Store.open(new StoreConfig(null), dir);
      control = new ControlPlane(store, CredentialsConfig.defaults(), clock);
      audit = AuditLog.open(dir, AuditConfig.defaults(), clock);
      sessions =
          new SessionManager(
              store.sessions(),
              store.changes(),
              new IdentityConfig.Session(Duration.ofHours(12), Duration.ofHours(1)),
              clock);
      sessions.load();
      IncidentReporter reporter =
          withReporter
              ? (p, from, to) ->
                  // the real report over this log's events and this control plane's locks
                  dev.drawbridge.admin.incident.IncidentReport.compute(
                      audit.query(new dev.drawbridge.audit.AuditQuery(p, null, null, from, to, 0)),
                      List.of(),
                      control.locks().list().stream().map(Views::lock).toList(),
                      p,
                      from,
                      to)
              : null;
      server =
          AdminServer.start(
              new HostPort("127.0.0.1", 0),
              new AdminContext(
                  control,
                  audit,
                  () -> cfg,
                  dir,
                  clock,
                  TOKEN,
                  (email, groups) -> {
                    invited.add(email + " " + groups);
                    return "http://127.0.0.1/.drawbridge/webauthn/enrol?invite=abc";
                  },
                  reporter,
                  null,
                  TestSessions.of(sessions)),
              null,
              limits);
    } catch (Exception | Error e) {
      TempDirs.deleteQuietly(dir);
      throw e;
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + "/api/v1/" + path);
  }

  Answer send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(
                java.time.Duration.ofSeconds(30)) // a hang fails the test instead of stalling it
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
    return new Answer(r.statusCode(), json, r.body());
  }

  Answer get(String path) throws Exception {
    return send("GET", path, null, TOKEN);
  }

  Answer post(String path, String body) throws Exception {
    return send("POST", path, body, TOKEN);
  }

  Answer delete(String path) throws Exception {
    return send("DELETE", path, null, TOKEN);
  }

  /** Every event line of the audit log, parsed. */
  List<JsonNode> auditEvents() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("audit"))) {
      for (Path p :
          files
              .filter(f -> f.getFileName().toString().matches("segment-.*\\.jsonl"))
              .sorted()
              .toList()) {
        for (String line : Files.readAllLines(p)) {
          JsonNode n = JSON.readTree(line);
          if (n.has("event")) {
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  /** Whether this client id and secret pass token verification (from 127.0.0.1, for git). */
  boolean works(String clientId, String secret) {
    return control
        .tokens()
        .verify(clientId, secret, Cidr.literal("127.0.0.1"), "127.0.0.1", "git")
        .ok();
  }

  record Answer(int status, JsonNode json, String text) {}

  @Override
  public void close() throws Exception {
    try {
      server.close();
      control.close();
      audit.close();
      store.close();
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }
}
