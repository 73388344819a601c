package dev.drawbridge.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.admin.IncidentReporter;
import dev.drawbridge.admin.incident.IncidentReport;
import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.control.Lock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** SPEC §7 reports from the audit log (indexed by principal), stored alerts and locks. */
final class AuditIncidentReporter implements IncidentReporter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Function<AuditQuery, List<Map<String, Object>>> audit;
  private final ControlPlane control;

  /** {@code audit}: the local log's query, or the shared table's (scale-out). */
  AuditIncidentReporter(
      Function<AuditQuery, List<Map<String, Object>>> audit, ControlPlane control) {
    this.audit = audit;
    this.control = control;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> report(String principal, Instant from, Instant to) {
    List<Map<String, Object>> events =
        audit.apply(new AuditQuery(principal, null, null, from, to, 0));
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (String json : control.alerts().list(from == null ? Instant.EPOCH : from)) {
      try {
        Map<String, Object> a = JSON.readValue(json, Map.class);
        if (principal.equalsIgnoreCase(String.valueOf(a.get("principal")))) {
          alerts.add(a);
        }
      } catch (Exception e) {
        // a stored alert that is not JSON cannot be reported; skip it
      }
    }
    List<Map<String, Object>> locks = new ArrayList<>();
    for (Lock l : control.locks().list()) {
      if (l.principal().equalsIgnoreCase(principal)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("principal", l.principal());
        m.put("reason", l.reason());
        m.put("created_by", l.createdBy());
        m.put("created_at", l.createdAt().toString());
        m.put("expires_at", l.expiresAt() == null ? null : l.expiresAt().toString());
        locks.add(m);
      }
    }
    return IncidentReport.compute(events, alerts, locks, principal, from, to);
  }
}
