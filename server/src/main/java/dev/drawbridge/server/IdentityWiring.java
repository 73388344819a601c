package dev.drawbridge.server;

import dev.drawbridge.admin.AdminSessions;
import dev.drawbridge.admin.scim.ScimHooks;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.ReservedEndpoints;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.identity.IdentityService;
import dev.drawbridge.identity.session.SessionCheck;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.store.Store;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** Builds the human-identity side (sessions, OIDC, security keys, assertion signing). */
final class IdentityWiring {
  private IdentityWiring() {}

  /** A started identity service behind the {@link Identity} the decision step uses. */
  static Identity create(
      DrawbridgeConfig cfg, Store store, Clock clock, AuditLog audit, ControlPlane control) {
    Set<String> hosts = new HashSet<>();
    for (ApplicationConfig app : cfg.applications()) {
      hosts.addAll(app.hosts());
    }
    IdentityService svc =
        new IdentityService(
                cfg.identity(),
                cfg.server().publicUrl(),
                cfg.dataDir(),
                store,
                clock,
                audit::append,
                hosts)
            .control(control)
            .start();
    return new Wired(svc, clock);
  }

  static BiFunction<String, List<String>, String> inviter(Identity identity) {
    if (identity instanceof Wired w) {
      return (email, groups) -> w.svc.invites().create(email, groups).url();
    }
    return null;
  }

  /**
   * What SCIM provisioning acts through (SPEC §10): the store, the identity service's local users
   * and its session manager (revocation in memory at once, and through the change feed elsewhere).
   */
  static ScimHooks scimHooks(Identity identity, Store store) {
    if (identity instanceof Wired w) {
      return new ScimHooks(
          store.scim(),
          w.svc.localUsers()::put,
          email -> w.svc.sessions().revokeByPrincipal(email).size());
    }
    return null; // no identity service: no SCIM
  }

  /**
   * The user sessions the admin API lists and revokes: the session manager's live sessions, revoked
   * through it (memory at once; the store's change feed ends live streams and tells other gateways,
   * as back-channel logout does). Null without an identity service.
   */
  static AdminSessions adminSessions(Identity identity) {
    return identity instanceof Wired w ? adminSessions(w.svc.sessions()) : null;
  }

  static AdminSessions adminSessions(SessionManager m) {
    return new AdminSessions() {
      @Override
      public List<AdminSessions.Session> list() {
        return m.list().stream()
            .map(
                s ->
                    new AdminSessions.Session(
                        s.id(),
                        s.email(),
                        s.idp(),
                        s.amr(),
                        s.groups(),
                        s.createdAt(),
                        s.lastSeenAt(),
                        s.expiresAt(),
                        s.lastSeenAt().plus(m.config().idleTimeout())))
            .toList();
      }

      @Override
      public boolean revoke(String id) {
        return m.revoke(id);
      }
    };
  }

  static void close(Identity identity) {
    if (identity instanceof Wired w) {
      w.svc.close();
    }
  }

  private record Wired(IdentityService svc, Clock clock) implements Identity {
    @Override
    public UserCheck user(RequestContext rc) {
      SessionCheck c = svc.check(rc);
      return new UserCheck(c.session().map(IdentityService::principal), c.reason());
    }

    @Override
    public String assertion(String app, Verdict.Principal p, String requestId) {
      return svc.assertion(app, p);
    }

    @Override
    public String stepUpUrl(RequestContext rc) {
      return svc.stepUpUrl(rc);
    }

    @Override
    public ReservedEndpoints endpoints() {
      return svc.endpoints();
    }
  }
}
