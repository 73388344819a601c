package dev.drawbridge.admin.scim;

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
import dev.drawbridge.store.SessionRecord;
import dev.drawbridge.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running admin listener with SCIM on (bearer {@link #TOKEN}) over a real store, control plane
 * and audit log, for the SCIM tests: the local users it provisions ({@link #localUsers}), the audit
 * events it writes ({@link #events}), and user sessions to end ({@link #liveSession}).
 */
abstract class ScimServerTestBase {
  static final String TOKEN = "scim-token-0123456789-0123456789-abcdef";

  @TempDir Path dir;
  Store store;
  ControlPlane control;
  AuditLog audit;
  AdminServer server;
  final Map<String, List<String>> localUsers = new ConcurrentHashMap<>();
  final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    Clock clock = Clock.systemUTC();
    DrawbridgeConfig cfg =
        ConfigLoader.parse(
            "identity: {scim: {token: \"${env:SCIM_TOKEN}\"}}\n",
            dir,
            Map.of("SCIM_TOKEN", TOKEN)::get);
    store = Store.open(new StoreConfig(null), dir);
    control = new ControlPlane(store, CredentialsConfig.defaults(), clock);
    audit = AuditLog.open(dir, AuditConfig.defaults(), clock);
    audit.addListener(r -> events.add(r.fields()));
    server =
        AdminServer.start(
            new HostPort("127.0.0.1", 0),
            new AdminContext(control, audit, () -> cfg, dir, clock, "admin-token-x", null, null),
            null,
            new ScimHooks(
                store.scim(),
                localUsers::put,
                email -> store.sessions().revokeByPrincipal(email, Instant.now()).size()));
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
    audit.close();
    control.close();
    store.close();
  }

  /** A live user session of {@code email} in the store; returns its id. */
  String liveSession(String email) {
    Instant now = Instant.now();
    String id = "sess-" + email;
    store
        .sessions()
        .insert(
            new SessionRecord(
                id,
                email,
                "okta",
                List.of(),
                List.of(),
                now,
                now,
                now.plus(Duration.ofHours(1)),
                null,
                null));
    return id;
  }
}
