package dev.drawbridge.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.admin.IncidentReporter;
import dev.drawbridge.admin.incident.CredentialContext;
import dev.drawbridge.admin.incident.IncidentReport;
import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.control.Lock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** SPEC §7 reports from the audit log (indexed by principal), stored alerts and locks. */
final class AuditIncidentReporter implements IncidentReporter {
  /** How far before the window the credential's history (networks, last use) is read. */
  static final Duration HISTORY = Duration.ofDays(365);

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
  public Map<String, Object> report(String principal, Instant from, Instant to) {
    return report(principal, from, to, ZoneOffset.UTC);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> report(String principal, Instant from, Instant to, ZoneId zone) {
    List<Map<String, Object>> events = new ArrayList<>();
    if (from != null) {
      // before the window: the credential's history (excluded from the window by compute)
      for (Map<String, Object> e :
          audit.apply(new AuditQuery(principal, null, null, from.minus(HISTORY), from, 0))) {
        if (before(e.get("time"), from)) {
          events.add(e);
        }
      }
    }
    events.addAll(audit.apply(new AuditQuery(principal, null, null, from, to, 0)));
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
    List<Map<String, Object>> tokens = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    ids.add(principal);
    for (Map<String, Object> e : events) {
      if (e.get("credential_id") instanceof String id) {
        ids.add(id);
      }
    }
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      control
          .tokens()
          .find(id)
          .filter(t -> seen.add(t.id()))
          .ifPresent(t -> tokens.add(CredentialContext.facts(t)));
    }
    return IncidentReport.compute(events, alerts, locks, principal, from, to, tokens, zone);
  }

  private static boolean before(Object time, Instant t) {
    try {
      return time != null
          && java.time.OffsetDateTime.parse(time.toString()).toInstant().isBefore(t);
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }
}
