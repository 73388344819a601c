package dev.drawbridge.identity.signals;

import dev.drawbridge.gateway.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one {@code identity_signal} audit event per logout token or security event received: {@code
 * event}, {@code signal} ({@code backchannel_logout}, {@code caep.session-revoked}, {@code
 * risc.account-disabled}…, or the event type URI when unknown), {@code issuer}, {@code jti}, {@code
 * principal} and {@code principal_type} (whom it acted on, when known), {@code decision} ({@code
 * allow}: accepted, {@code deny}: refused), {@code reason} (stable code), {@code outcome} (what was
 * done: {@code sessions_revoked}, {@code locked}, {@code unlocked}, {@code token_suspended}, {@code
 * recorded}, {@code none}), {@code sessions} (how many ended), {@code src_ip}, {@code request_id},
 * {@code host}. Never carries the token.
 */
final class SignalAudit {
  private static final Logger log = LoggerFactory.getLogger(SignalAudit.class);
  static final String EVENT = "identity_signal";

  private final Consumer<Map<String, Object>> sink;

  SignalAudit(Consumer<Map<String, Object>> sink) {
    this.sink = sink;
  }

  /** One event; {@code principalType} {@code user} or {@code service}, or null when unknown. */
  void emit(
      RequestContext rc,
      String signal,
      String issuer,
      String jti,
      String principal,
      String principalType,
      boolean accepted,
      String reason,
      String outcome,
      int sessions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", EVENT);
    m.put("signal", signal);
    m.put("issuer", clip(issuer));
    m.put("jti", clip(jti));
    m.put("principal", principal);
    m.put("principal_type", principal == null ? "anonymous" : principalType);
    m.put("decision", accepted ? "allow" : "deny");
    m.put("reason", reason);
    m.put("outcome", outcome);
    m.put("sessions", sessions);
    m.put("src_ip", rc.clientIpText());
    m.put("request_id", rc.requestId());
    m.put("host", rc.host());
    try {
      sink.accept(m);
    } catch (RuntimeException e) {
      log.warn("audit sink refused an identity signal event: {}", e.toString());
    }
  }

  /** Values from an unverified token are kept short. */
  static String clip(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
