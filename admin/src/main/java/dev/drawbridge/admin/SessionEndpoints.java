package dev.drawbridge.admin;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/sessions}: the active user sessions ({@code GET}, {@code ?principal=} to filter)
 * and revoking one by id ({@code DELETE sessions/{id}}, audit event {@code session_revoked}). A
 * session's id is its record id, never its cookie value.
 */
final class SessionEndpoints {
  private final AdminContext ctx;
  private final AdminAudit audit;

  SessionEndpoints(AdminContext ctx, AdminAudit audit) {
    this.ctx = ctx;
    this.audit = audit;
  }

  void handle(Call c) throws IOException {
    if (c.path.size() == 1 && c.method.equals("GET")) {
      list(c);
    } else if (c.path.size() == 2 && c.method.equals("DELETE")) {
      revoke(c, c.path.get(1));
    } else {
      throw AdminServer.noRoute(c);
    }
  }

  private AdminSessions sessions() {
    AdminSessions s = ctx.sessions();
    if (s == null) {
      throw ApiException.unavailable(
          "not_available",
          "user sessions are not available on this admin listener (it was started without the"
              + " gateway's session manager)");
    }
    return s;
  }

  /** The sessions neither past their expiry nor idle, newest first. */
  private List<AdminSessions.Session> active() {
    Instant now = ctx.clock().instant();
    return sessions().list().stream()
        .filter(s -> now.isBefore(s.expiresAt()))
        .filter(s -> s.idleExpiresAt() == null || now.isBefore(s.idleExpiresAt()))
        .sorted(
            Comparator.comparing(AdminSessions.Session::createdAt)
                .reversed()
                .thenComparing(AdminSessions.Session::id))
        .toList();
  }

  private void list(Call c) throws IOException {
    c.allowQuery(Set.of("principal"));
    String principal = c.query.get("principal");
    if (principal != null && principal.length() > 320) {
      throw ApiException.invalid("principal", "(expected: an e-mail address, at most 320 chars)");
    }
    String want =
        principal == null || principal.isBlank() ? null : principal.trim().toLowerCase(Locale.ROOT);
    List<Map<String, Object>> out =
        active().stream()
            .filter(s -> want == null || want.equals(lower(s.principal())))
            .map(SessionEndpoints::view)
            .toList();
    c.respond(200, out);
  }

  private void revoke(Call c, String id) throws IOException {
    c.allowQuery(Set.of());
    AdminSessions.Session s =
        active().stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "no active session \""
                            + AdminServer.shorten(id)
                            + "\" (list them with GET /api/v1/sessions)"));
    audit.requireHealthy();
    boolean revoked = sessions().revoke(s.id());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("session_id", s.id());
    details.put("idp", s.idp());
    details.put("revoked", revoked);
    audit.record("session_revoked", s.principal(), details);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("principal", s.principal());
    out.put("revoked", revoked);
    c.respond(200, out);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  static Map<String, Object> view(AdminSessions.Session s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("principal", s.principal());
    m.put("idp", s.idp());
    m.put("amr", s.amr());
    m.put("groups", s.groups());
    m.put("created_at", Views.time(s.createdAt()));
    m.put("last_seen_at", Views.time(s.lastSeenAt()));
    m.put("expires_at", Views.time(s.expiresAt()));
    m.put("idle_expires_at", Views.time(s.idleExpiresAt()));
    return m;
  }
}
