package dev.drawbridge.admin;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.control.ControlPlane;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the admin API works on. {@code config} is read on every request (it follows reloads); {@code
 * invite} maps (email, groups) to a one-time enrolment URL and may be null (no local users); {@code
 * reporter} may be null (no incident reports); {@code sessions} may be null (no user sessions:
 * {@code /api/v1/sessions} answers 503).
 */
public record AdminContext(
    ControlPlane control,
    AuditLog audit,
    Supplier<DrawbridgeConfig> config,
    Path dataDir,
    Clock clock,
    String adminToken,
    BiFunction<String, List<String>, String> invite,
    IncidentReporter reporter,
    Function<AuditQuery, List<Map<String, Object>>> eventQuery,
    AdminSessions sessions) {

  /** As the canonical constructor, without user sessions. */
  public AdminContext(
      ControlPlane control,
      AuditLog audit,
      Supplier<DrawbridgeConfig> config,
      Path dataDir,
      Clock clock,
      String adminToken,
      BiFunction<String, List<String>, String> invite,
      IncidentReporter reporter,
      Function<AuditQuery, List<Map<String, Object>>> eventQuery) {
    this(control, audit, config, dataDir, clock, adminToken, invite, reporter, eventQuery, null);
  }

  /** As the canonical constructor, querying access events from {@code audit}. */
  public AdminContext(
      ControlPlane control,
      AuditLog audit,
      Supplier<DrawbridgeConfig> config,
      Path dataDir,
      Clock clock,
      String adminToken,
      BiFunction<String, List<String>, String> invite,
      IncidentReporter reporter) {
    this(control, audit, config, dataDir, clock, adminToken, invite, reporter, null, null);
  }

  public AdminContext {
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    if (eventQuery == null) {
      eventQuery = audit::query;
    }
  }

  @Override
  public String toString() {
    return "AdminContext[dataDir=" + dataDir + "]";
  }
}
