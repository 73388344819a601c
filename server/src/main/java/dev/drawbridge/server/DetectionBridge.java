package dev.drawbridge.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.control.AlertService;
import dev.drawbridge.control.LockService;
import dev.drawbridge.detect.Alert;
import dev.drawbridge.detect.DetectionEngine;
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
 * event is in force before the response of that event's request is sent.
 */
final class DetectionBridge implements Consumer<AuditRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionBridge.class);
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

  private void respond(Alert a) {
    raised.incrementAndGet();
    Map<String, Object> json = a.toJson();
    boolean lock = a.response().contains("lock") && a.principal() != null;
    if (a.response().contains("lock") && !lock) {
      LOG.warn(
          "alert {} of rule {} asks for a lock but names no principal (not grouped by principal?):"
              + " nobody was locked",
          a.id(),
          a.ruleId());
    }
    if (lock) {
      locks.lock(a.principal(), "rule " + a.ruleId() + ": " + a.title(), a.lockTtl(), "detection");
    }
    String text;
    try {
      text = JSON.writeValueAsString(json);
    } catch (Exception e) {
      text = String.valueOf(json);
    }
    alerts.save(a.id(), a.time(), a.ruleId(), a.principal(), text);
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("event", "alert_raised");
    ev.putAll(json);
    ev.remove("time");
    ev.put("alert_time", json.get("time"));
    audit.append(ev);
    if (lock) {
      Map<String, Object> le = new LinkedHashMap<>();
      le.put("event", "lock");
      le.put("principal", a.principal());
      le.put("actor", "detection");
      le.put("reason", "rule " + a.ruleId());
      le.put("ttl_seconds", a.lockTtl() == null ? null : a.lockTtl().toSeconds());
      audit.append(le);
    }
    LOG.warn(
        "alert {} ({}) for {}: {} events; response {}",
        a.ruleId(),
        a.level(),
        a.principal(),
        a.count(),
        a.response());
  }
}
