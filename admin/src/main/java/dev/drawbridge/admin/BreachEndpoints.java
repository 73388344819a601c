package dev.drawbridge.admin;

import dev.drawbridge.control.BreachResult;
import dev.drawbridge.control.BreachService;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code POST /api/v1/breaches}: SPEC §2 {@code breach declare}. */
final class BreachEndpoints {
  private final AdminContext ctx;
  private final AdminAudit audit;

  BreachEndpoints(AdminContext ctx, AdminAudit audit) {
    this.ctx = ctx;
    this.audit = audit;
  }

  void handle(Call c) throws IOException {
    if (c.path.size() != 1 || !c.method.equals("POST")) {
      throw AdminServer.noRoute(c);
    }
    Body b = c.body(Set.of("vendor", "since", "action"));
    String vendor = b.string("vendor", true, 128);
    Instant since = b.time("since", true, ctx.clock());
    String action = b.string("action", false, 16);
    if (action != null && !BreachService.ACTIONS.contains(action)) {
      b.errors.add("action", "\"" + action + "\" (expected: suspend, revoke or report)");
    }
    b.errors.throwIfAny();
    audit.requireHealthy();
    BreachResult r;
    try {
      r = ctx.control().breaches().declare(vendor, since, action, AdminAudit.ACTOR);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(FieldErrors.fromMessage(e.getMessage(), "body"));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("breach_id", r.id());
    details.put("since", Views.time(r.since()));
    details.put("action", r.action());
    details.put("tokens", r.tokens());
    details.put("previous_secrets_ended", r.previousSecretsEnded());
    details.put("sessions_revoked", r.sessionsRevoked().size());
    audit.record("breach_declared", r.vendor(), details);
    c.respond(201, Views.breach(r));
  }
}
