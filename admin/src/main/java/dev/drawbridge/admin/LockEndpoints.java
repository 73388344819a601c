package dev.drawbridge.admin;

import dev.drawbridge.config.Durations;
import dev.drawbridge.control.Lock;
import dev.drawbridge.control.LockService;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/locks}: lock, unlock and list principals (SPEC §2 {@code lock}, …). */
final class LockEndpoints {
  private final AdminContext ctx;
  private final AdminAudit audit;

  LockEndpoints(AdminContext ctx, AdminAudit audit) {
    this.ctx = ctx;
    this.audit = audit;
  }

  private LockService locks() {
    return ctx.control().locks();
  }

  void handle(Call c) throws IOException {
    if (c.path.size() == 1 && c.method.equals("POST")) {
      lock(c);
    } else if (c.path.size() == 1 && c.method.equals("GET")) {
      c.respond(200, locks().list().stream().map(Views::lock).toList());
    } else if (c.path.size() == 2 && c.method.equals("DELETE")) {
      unlock(c, c.path.get(1));
    } else if (c.path.size() == 2 && c.method.equals("GET")) {
      Lock l =
          locks()
              .lockOf(c.path.get(1))
              .orElseThrow(() -> ApiException.notFound(noLock(c.path.get(1))));
      c.respond(200, Views.lock(l));
    } else {
      throw AdminServer.noRoute(c);
    }
  }

  private void lock(Call c) throws IOException {
    Body b = c.body(Set.of("principal", "reason", "ttl"));
    String principal = b.string("principal", true, 320);
    String reason = b.string("reason", true, 500);
    Duration ttl = b.duration("ttl");
    if (ttl != null && ttl.isZero()) {
      b.errors.add("ttl", "0s (expected: a duration > 0, or none to lock until unlocked)");
    }
    b.errors.throwIfAny();
    audit.requireHealthy();
    Lock l;
    try {
      l = locks().lock(principal, reason, ttl, AdminAudit.ACTOR);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(FieldErrors.fromMessage(e.getMessage(), "body"));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", l.reason());
    details.put("ttl", ttl == null ? null : Durations.format(ttl));
    details.put("expires_at", Views.time(l.expiresAt()));
    audit.record("lock", l.principal(), details);
    c.respond(201, Views.lock(l));
  }

  private void unlock(Call c, String principal) throws IOException {
    if (principal.isBlank() || principal.length() > 320) {
      throw ApiException.invalid("principal", "(expected: an e-mail address or token name)");
    }
    if (locks().lockOf(principal).isEmpty()) {
      throw ApiException.notFound(noLock(principal));
    }
    audit.requireHealthy();
    boolean removed = locks().unlock(principal);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("removed", removed);
    audit.record("unlock", principal.trim().toLowerCase(java.util.Locale.ROOT), details);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("principal", principal.trim().toLowerCase(java.util.Locale.ROOT));
    out.put("unlocked", removed);
    c.respond(200, out);
  }

  private static String noLock(String principal) {
    return "no lock in force on \""
        + AdminServer.shorten(principal)
        + "\" (list them with `drawbridge locks`)";
  }
}
