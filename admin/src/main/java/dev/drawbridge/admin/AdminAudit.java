package dev.drawbridge.admin;

import dev.drawbridge.audit.AuditLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the audit event of an administrative act and waits until the log has it, so that the API
 * answers only once its act is on record. Details never hold a secret.
 */
final class AdminAudit {
  static final String ACTOR = "admin";
  private static final long WAIT_SECONDS = 10;
  private final AuditLog log;

  AdminAudit(AuditLog log) {
    this.log = log;
  }

  /** Fails with 503 before any change when the log cannot take events (fail closed). */
  void requireHealthy() {
    if (!log.healthy()) {
      throw ApiException.unavailable(
          "audit_unavailable",
          "the audit log cannot record events right now, so no change was made; check the disk"
              + " of the data directory and retry");
    }
  }

  void record(String event, String principal, Map<String, Object> details) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", event);
    e.put("principal", principal);
    e.put("actor", ACTOR);
    e.put("details", details);
    try {
      log.append(e).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw failed(event);
    } catch (ExecutionException | TimeoutException ex) {
      throw failed(event);
    }
  }

  private static ApiException failed(String event) {
    return new ApiException(
        500,
        "audit_failed",
        "the change was applied but its audit event ("
            + event
            + ") could not be written; check the disk of the data directory",
        null);
  }
}
