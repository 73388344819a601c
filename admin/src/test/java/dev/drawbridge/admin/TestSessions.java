package dev.drawbridge.admin;

import dev.drawbridge.identity.session.SessionManager;
import java.util.List;

/** {@link AdminSessions} over a real {@link SessionManager}, as the server wires it. */
final class TestSessions {
  private TestSessions() {}

  static AdminSessions of(SessionManager m) {
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
}
