package dev.drawbridge.cli;

import dev.drawbridge.admin.AdminContext;
import dev.drawbridge.admin.AdminServer;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.HostPort;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real admin API (SQLite store, audit log) in a data dir holding admin.token: a test's
 * {@code @TempDir}, which JUnit deletes after {@link #close()}.
 */
final class AdminServerFixture implements AutoCloseable {
  static final String TOKEN = "cli-test-admin-token";

  final Path dataDir;
  final Store store;
  final ControlPlane control;
  final AuditLog audit;
  final AdminServer server;

  AdminServerFixture(Path dataDir) throws Exception {
    this.dataDir = dataDir;
    Files.writeString(dataDir.resolve("admin.token"), TOKEN + "\n");
    DrawbridgeConfig cfg =
        ConfigLoader.parse(
            "applications:\n"
                + "  - {id: git, hosts: [git.corp.example], upstream: http://127.0.0.1:1, policies: []}\n"
                + "  - {id: wiki, hosts: [wiki.corp.example], upstream: http://127.0.0.1:1, policies: []}\n",
            dataDir,
            k -> null);
    Clock clock = Clock.systemUTC();
    store = Store.open(new StoreConfig(null), dataDir);
    control = new ControlPlane(store, CredentialsConfig.defaults(), clock);
    audit = AuditLog.open(dataDir, AuditConfig.defaults(), clock);
    server =
        AdminServer.start(
            new HostPort("127.0.0.1", 0),
            new AdminContext(
                control,
                audit,
                () -> cfg,
                dataDir,
                clock,
                TOKEN,
                (email, groups) -> "http://127.0.0.1/.drawbridge/webauthn/enrol?invite=xyz",
                (principal, from, to) -> report(principal, from.toString(), to.toString())));
  }

  /** A report computed (as the server does) from two access events inside the window. */
  private static Map<String, Object> report(String principal, String from, String to) {
    java.time.Instant t = java.time.Instant.parse(to).minusSeconds(60);
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(event(principal, t, "git", "/scm/net/edge.git/info/refs", "allow", "net/edge"));
    events.add(
        event(
            principal, t.plusSeconds(1), "git", "/scm/net/core.git/info/refs", "deny", "net/core"));
    return dev.drawbridge.admin.incident.IncidentReport.compute(
        events,
        List.of(),
        List.of(),
        principal,
        java.time.Instant.parse(from),
        java.time.Instant.parse(to));
  }

  private static Map<String, Object> event(
      String principal,
      java.time.Instant time,
      String app,
      String path,
      String decision,
      String resource) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", "access");
    e.put("time", time.toString());
    e.put("request_id", "r-" + path.hashCode());
    e.put("app", app);
    e.put("method", "GET");
    e.put("path", path);
    e.put("principal", principal);
    e.put("principal_type", "service");
    e.put("credential_id", "tok_1");
    e.put("src_ip", "203.0.113.9");
    e.put("decision", decision);
    e.put("reason", "allow".equals(decision) ? "allowed_by_policy" : "no_policy_matched");
    e.put("resource", resource);
    e.put("action", "view");
    e.put("status", "allow".equals(decision) ? 200 : 403);
    e.put("bytes_out", 100);
    return e;
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** {@code args} followed by the options that reach this server. */
  String[] args(String... args) {
    String[] out = new String[args.length + 4];
    System.arraycopy(args, 0, out, 0, args.length);
    out[args.length] = "--server";
    out[args.length + 1] = url();
    out[args.length + 2] = "--data-dir";
    out[args.length + 3] = dataDir.toString();
    return out;
  }

  @Override
  public void close() throws Exception {
    server.close();
    control.close();
    audit.close();
    store.close();
  }
}
