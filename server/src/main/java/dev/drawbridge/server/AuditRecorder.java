package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.gateway.AccessRecorder;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Turns a decided request into the access event of SPEC §5 and appends it to the audit log. */
final class AuditRecorder implements AccessRecorder {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final AuditLog log;

  AuditRecorder(AuditLog log) {
    this.log = log;
  }

  @Override
  public boolean available() {
    return log.healthy();
  }

  @Override
  public CompletableFuture<Void> record(RequestContext rc, Verdict v, Outcome o) {
    return log.append(event(rc, v, o)).thenApply(r -> null);
  }

  static Map<String, Object> event(RequestContext rc, Verdict v, Outcome o) {
    Map<String, Object> e = new LinkedHashMap<>(40);
    e.put("event", "access");
    e.put("time", TIME.format(Instant.ofEpochMilli(rc.startMillis())));
    e.put("request_id", rc.requestId());
    e.put("app", rc.app() == null ? null : rc.app().id());
    e.put("host", rc.host());
    e.put("method", rc.method());
    e.put("path", rc.path());
    Verdict.Principal p = v.principal();
    e.put("principal", p.name());
    e.put("principal_type", p.type());
    e.put("credential_id", p.credentialId());
    e.put("idp", p.idp());
    e.put("amr", p.amr());
    e.put("src_ip", rc.clientIpText());
    e.put("user_agent", rc.userAgent());
    e.put("device", rc.deviceManaged() ? "managed" : null);
    e.put("decision", v.decisionWire());
    e.put("reason", v.reason());
    e.put("policy", v.policy());
    e.put("resource", v.resource());
    e.put("action", v.action());
    e.put("status", o.status());
    e.put("bytes_out", o.bytesOut());
    e.put("duration_ms", o.durationMs());
    e.put("credential_idle_days", v.extra().get("credential_idle_days"));
    e.put("new_network", v.extra().getOrDefault("new_network", false));
    for (Map.Entry<String, Object> x : v.extra().entrySet()) {
      e.putIfAbsent(x.getKey(), x.getValue());
    }
    return e;
  }
}
