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
  static final int MAX_LOGGED = 200;
  private final Consumer<Map<String, Object>> sink;

  public LoginAudit(Consumer<Map<String, Object>> sink) {
    this.sink = sink;
  }

  void allow(
      String event, RequestContext rc, String principal, String idp, List<String> amr, String r) {
    emit(event, rc, principal, idp, amr, "allow", r);
  }

  void deny(RequestContext rc, String principal, String idp, String reason, String detail) {
    log.info("login refused ({}): {}", forLog(reason), forLog(detail));
    emit("login", rc, principal, idp, List.of(), "deny", reason);
  }

  /**
   * Text that may come from a client or a provider (such as the callback's {@code error}), made
   * safe for one log line: control characters (CR, LF, tab, …) and the Unicode line and paragraph
   * separators are escaped as in JSON (LF becomes backslash-u000a), and the result is cut after
   * {@link #MAX_LOGGED} characters, so that it can neither forge log lines nor flood the log.
   */
  static String forLog(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_LOGGED) + 8);
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= MAX_LOGGED) {
        return sb.append("…(truncated)").toString();
      }
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
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
