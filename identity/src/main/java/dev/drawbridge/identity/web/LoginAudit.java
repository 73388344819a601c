package dev.drawbridge.identity.web;

import dev.drawbridge.gateway.RequestContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits {@code login} and {@code logout} audit events: {@code event}, {@code principal}, {@code
 * principal_type}, {@code idp}, {@code amr}, {@code src_ip}, {@code decision}, {@code reason},
 * {@code request_id}, {@code host}, {@code user_agent}. Never carries tokens or cookies.
 */
public final class LoginAudit {
  private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);
  private final Consumer<Map<String, Object>> sink;

  public LoginAudit(Consumer<Map<String, Object>> sink) {
    this.sink = sink;
  }

  void allow(
      String event, RequestContext rc, String principal, String idp, List<String> amr, String r) {
    emit(event, rc, principal, idp, amr, "allow", r);
  }

  void deny(RequestContext rc, String principal, String idp, String reason, String detail) {
    log.info("login refused ({}): {}", reason, detail);
    emit("login", rc, principal, idp, List.of(), "deny", reason);
  }

  private void emit(
      String event,
      RequestContext rc,
      String principal,
      String idp,
      List<String> amr,
      String decision,
      String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event);
    m.put("principal", principal);
    m.put("principal_type", principal == null ? "anonymous" : "user");
    m.put("idp", idp);
    m.put("amr", amr == null ? List.of() : List.copyOf(amr));
    m.put("src_ip", rc.clientIpText());
    m.put("decision", decision);
    m.put("reason", reason);
    m.put("request_id", rc.requestId());
    m.put("host", rc.host());
    m.put("user_agent", rc.userAgent());
    try {
      sink.accept(m);
    } catch (RuntimeException e) {
      log.warn("audit sink refused a {} event: {}", event, e.toString());
    }
  }
}
