package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.admin.AdminSessions;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.store.Store;
import dev.drawbridge.testkit.MutableClock;
import dev.drawbridge.testkit.TempDirs;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server gives the admin API for {@code /api/v1/sessions}: the session manager's sessions
 * with their idle expiry, revoked through the manager (and so the store); and that the whole server
 * wires it (the route answers, not 503).
 */
class SessionsAdminWiringTest {
  @Test
  void theAdminSeesTheManagersSessionsAndRevokesThroughIt() throws Exception {
    Path dir = Files.createTempDirectory("drawbridge-sessions-wiring");
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    try (Store store = Store.open(new StoreConfig(null), dir)) {
      SessionManager m =
          new SessionManager(
              store.sessions(),
              store.changes(),
              new IdentityConfig.Session(Duration.ofHours(8), Duration.ofMinutes(30)),
              clock);
      m.load();
      SessionManager.NewSession ana =
          m.create("ana@corp.example", List.of("eng"), "okta", List.of("pwd"), clock.instant());
      AdminSessions a = IdentityWiring.adminSessions(m);
      List<AdminSessions.Session> list = a.list();
      assertThat(list).hasSize(1);
      AdminSessions.Session s = list.get(0);
      assertThat(s.id()).isEqualTo(ana.session().id()).isNotEqualTo(ana.cookieValue());
      assertThat(s.principal()).isEqualTo("ana@corp.example");
      assertThat(s.groups()).containsExactly("eng");
      assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-11-30T18:00:00Z"));
      assertThat(s.idleExpiresAt()).isEqualTo(Instant.parse("2026-11-30T10:30:00Z"));

      assertThat(a.revoke(s.id())).isTrue();
      assertThat(a.list()).isEmpty();
      assertThat(store.sessions().find(s.id()).orElseThrow().revokedAt()).isNotNull();
      assertThat(a.revoke(s.id())).isFalse();
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }

  @Test
  void theServerWiresSessionsIntoTheAdminApi() throws Exception {
    try (ServerHarness h =
        new ServerHarness(
            """
            server: {listen: 127.0.0.1:0, admin_listen: localhost:0, public_url: http://gw.test}
            data_dir: ${DATA}
            applications:
              - id: wiki
                hosts: [wiki.test]
                upstream: http://127.0.0.1:1
                policies:
                  - {name: all, decision: allow, include: [{any_service_token: true}]}
            """)) {
      HttpResponse<String> r = h.admin("GET", "/api/v1/sessions", null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("[]");
      assertThat(h.admin("DELETE", "/api/v1/sessions/" + "a".repeat(64), null).statusCode())
          .isEqualTo(404);
    }
  }
}
