package dev.drawbridge.demo;

import java.util.List;
import java.util.Map;

/**
 * What the replay achieved, as seen by the attacker. The authoritative figures are in the audit log
 * ({@link dev.drawbridge.admin.incident.IncidentReport}); these are the client's view, for the
 * side-by-side. {@code firstRefusal} is null when nothing was refused; {@code alerts}/{@code locks}
 * are empty without an admin API.
 */
public record ReplayResult(
    List<ReplayStep> steps,
    boolean refusedAtFirstRequest,
    int wikiPagesRead,
    boolean persistenceCreated,
    int reposListed,
    int reposViewed,
    int reposCloned,
    ReplayStep firstRefusal,
    List<Map<String, Object>> alerts,
    List<Map<String, Object>> locks) {

  public ReplayResult {
    steps = List.copyOf(steps);
    alerts = List.copyOf(alerts);
    locks = List.copyOf(locks);
  }

  /** Steps the gateway allowed on {@code app}. */
  public long allowedOn(String app) {
    return steps.stream().filter(s -> s.app().equals(app) && s.allowed()).count();
  }
}
