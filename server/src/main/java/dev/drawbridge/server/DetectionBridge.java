package dev.drawbridge.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.control.AlertService;
import dev.drawbridge.control.Lock;
import dev.drawbridge.control.LockService;
import dev.drawbridge.detect.Alert;
import dev.drawbridge.detect.DetectionEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds every durable audit event to the detection engine, in order, and carries out what a rule
 * asks: the alert is stored and logged; a lock goes through the same lock service an operator uses.
 * It runs on the audit writer thread before the event's future completes, so a lock raised by an
 * event is in force before the response of that event's request is sent. The stored alert and its
 * {@code alert_raised} event say what was done (SPEC §6): a lock the rule asked for but that locked
 * nobody (no principal, or the lock service refused it) is left out of {@code response}, and the
 * alert is raised all the same. An update of an alert raised before (a correlation firing again for
 * the same principal within its timespan, {@link Alert#isUpdate()}) replaces the stored alert (same
 * id) and is logged as {@code alert_updated} with the alert's fields as they are now; its lock, if
 * the rule asks for one, is placed again (a lock already in force is kept).
 */
final class DetectionBridge implements Consumer<AuditRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionBridge.class);

  /** {@link LockService}'s limit on a lock reason. */
  private static final int MAX_REASON = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<DetectionEngine> engine;
  private final AlertService alerts;
  private final LockService locks;
  private final AuditLog audit;
  private final AtomicLong raised = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  DetectionBridge(DetectionEngine engine, AlertService alerts, LockService locks, AuditLog audit) {
    this.engine = new AtomicReference<>(engine);
    this.alerts = alerts;
    this.locks = locks;
    this.audit = audit;
  }

  /** Swaps the rule set (config reload); windows start afresh. */
  void replace(DetectionEngine next) {
    engine.set(next);
  }

  long raised() {
    return raised.get();
  }

  @Override
  public void accept(AuditRecord record) {
    if (!"access".equals(record.fields().get("event"))) {
      return;
    }
    List<Alert> fired = engine.get().onEvent(record.fields());
    for (Alert a : fired) {
      try {
        respond(a);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.error("could not carry out the response to alert {} of rule {}", a.id(), a.ruleId(), e);
      }
    }
  }

  /** "rule ID: title", cut to what a lock reason may hold (a long title must not stop the lock). */
  static String lockReason(Alert a) {
    String r = "rule " + a.ruleId() + ": " + a.title();
    return r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON - 1) + "…";
  }

  /**
   * Stores an alert in the alert store (what {@code GET /api/v1/alerts} lists) and writes its
   * {@code alert_raised} ({@code alert_updated} for an update) audit event; {@code json} is the
   * alert as stored, its {@code response} what was done. Detection and identity signals ({@link
   * SignalAlerts}) raise alerts through this one path.
   */
  static void record(AlertService alerts, AuditLog audit, Alert a, Map<String, Object> json) {
    String text;
    try {
      text = JSON.writeValueAsString(json);
    } catch (Exception e) {
      text = String.valueOf(json);
    }
    // an update is listed by its latest activity (alerts --since, newest first)
    alerts.save(a.id(), a.isUpdate() ? a.lastTime() : a.time(), a.ruleId(), a.principal(), text);
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("event", a.isUpdate() ? "alert_updated" : "alert_raised");
    ev.putAll(json);
    ev.remove("time");
    ev.put("alert_time", json.get("time"));
    audit.append(ev);
  }

  private void respond(Alert a) {
    raised.incrementAndGet();
    boolean lock = a.locks() && a.principal() != null;
    if (a.locks() && !lock) {
      LOG.warn(
          "alert {} of rule {} asks for a lock but names no principal (not grouped by principal?):"
              + " nobody was locked",
          a.id(),
          a.ruleId());
    }
    RuntimeException lockFailure = null;
    LockService.Placed placed = null;
    if (lock) {
      try {
        // an existing lock that lasts longer stays in force: the principal is locked either way
        placed = locks.place(a.principal(), lockReason(a), a.lockTtl(), "detection");
      } catch (RuntimeException e) {
        lock = false;
        lockFailure = e;
      }
    }
    // the alert records what was done (SPEC §6), not what the rule asked for
    List<String> done = new ArrayList<>(a.response());
    if (!lock) {
      done.remove("lock");
    }
    Map<String, Object> json = a.toJson();
    json.put("response", List.copyOf(done));
    if (!lock) {
      json.remove("lock_ttl");
    }
    record(alerts, audit, a, json);
    if (lock) {
      Map<String, Object> le = new LinkedHashMap<>();
      le.put("event", "lock");
      le.put("principal", a.principal());
      le.put("actor", "detection");
      le.put("reason", "rule " + a.ruleId());
      le.put("ttl_seconds", a.lockTtl() == null ? null : a.lockTtl().toSeconds());
      // what is in force: the rule's lock, or a longer one already there (kept, not shortened)
      Lock inForce = placed.inForce();
      le.put("expires_at", inForce.expiresAt() == null ? null : inForce.expiresAt().toString());
      le.put("kept_existing", placed.keptExisting());
      audit.append(le);
    }
    LOG.warn(
        "alert {}{} ({}) for {}: {} events; response {}",
        a.ruleId(),
        a.isUpdate() ? " updated" : "",
        a.level(),
        a.principal(),
        a.count(),
        done);
    if (lockFailure != null) {
      throw new IllegalStateException(
          "alert "
              + a.id()
              + " of rule "
              + a.ruleId()
              + " was raised but could not lock "
              + a.principal(),
          lockFailure);
    }
  }
}
