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

/** A real admin API (SQLite store, audit log) in a temp data dir holding admin.token. */
final class AdminServerFixture implements AutoCloseable {
  static final String TOKEN = "cli-test-admin-token";

  final Path dataDir;
  final Store store;
  final ControlPlane control;
  final AuditLog audit;
  final AdminServer server;

  AdminServerFixture() throws Exception {
    dataDir = Files.createTempDirectory("drawbridge-cli-test");
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

  private static Map<String, Object> report(String principal, String from, String to) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("principal", principal);
    m.put("window", Map.of("from", from, "to", to));
    m.put("credentials", List.of());
    m.put("source_ips", List.of(Map.of("ip", "203.0.113.9", "count", 2)));
    m.put("apps", List.of(Map.of("app", "git", "allowed", 1, "denied", 1)));
    m.put(
        "resources",
        List.of(Map.of("app", "git", "resource", "net/edge", "view", 1, "download", 0)));
    m.put("counts", Map.of("requests", 2, "allowed", 1, "denied", 1));
    m.put(
        "denied_attempts",
        List.of(Map.of("app", "wiki", "path", "/", "reason", "no_policy_matched", "count", 1)));
    m.put("alerts", List.of());
    m.put("locks", List.of());
    List<Map<String, Object>> timeline = new ArrayList<>();
    timeline.add(
        Map.of(
            "time",
            to,
            "app",
            "git",
            "method",
            "GET",
            "path",
            "/scm/net/edge.git",
            "decision",
            "allow"));
    m.put("timeline", timeline);
    return m;
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
