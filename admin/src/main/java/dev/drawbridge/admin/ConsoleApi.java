package dev.drawbridge.admin;

import java.io.IOException;

/**
 * The admin API routes the console added: {@code overview}, {@code applications}, {@code
 * policy/explain}, {@code audit/log}, {@code alerts/groups} and {@code alerts/{id}/acknowledge}.
 * {@link #handle} answers the calls that are its own and leaves every other one to {@link
 * AdminServer}'s routes.
 */
final class ConsoleApi {
  private final OverviewEndpoint overview;
  private final PolicyEndpoints policies;
  private final AuditLogEndpoint auditLog;
  private final AlertGroupEndpoints alerts;

  ConsoleApi(AdminContext ctx, AdminAudit audit) {
    AdminEvents events = new AdminEvents(ctx.audit());
    this.overview = new OverviewEndpoint(ctx, events);
    this.policies = new PolicyEndpoints(ctx);
    this.auditLog = new AuditLogEndpoint(ctx, events);
    this.alerts = new AlertGroupEndpoints(ctx, audit, events);
  }

  /** True when {@code c} was one of these routes (and has been answered). */
  boolean handle(Call c) throws IOException {
    String first = c.path.get(0);
    int n = c.path.size();
    if (first.equals("overview") && n == 1) {
      overview.handle(c);
    } else if (first.equals("applications") && n == 1) {
      policies.applications(c);
    } else if (first.equals("policy") && n == 2 && c.path.get(1).equals("explain")) {
      policies.explain(c);
    } else if (first.equals("audit") && n == 2 && c.path.get(1).equals("log")) {
      auditLog.handle(c);
    } else if (first.equals("alerts") && n == 2 && c.path.get(1).equals("groups")) {
      alerts.groups(c);
    } else if (first.equals("alerts") && n == 3 && c.path.get(2).equals("acknowledge")) {
      alerts.acknowledge(c, c.path.get(1));
    } else {
      return false;
    }
    return true;
  }
}
