package dev.drawbridge.demo;

import java.time.Instant;

/**
 * One request (or one {@code git clone}) of the replay and what Drawbridge decided. {@code
 * outcome}: {@code allowed} (the application answered), {@code denied} (403 from the gateway),
 * {@code unauthenticated} (401), {@code error} (anything else, e.g. 502, or git failing for another
 * reason). {@code requestId} is the gateway's {@code Drawbridge-Request-Id}, null when unknown
 * (git).
 */
public record ReplayStep(
    int index,
    Instant time,
    String phase,
    String app,
    String what,
    int status,
    String outcome,
    String requestId,
    long bytes) {

  public static final String ALLOWED = "allowed";
  public static final String DENIED = "denied";
  public static final String UNAUTHENTICATED = "unauthenticated";
  public static final String ERROR = "error";

  public boolean allowed() {
    return ALLOWED.equals(outcome);
  }

  /** Denied or unauthenticated: the gateway refused it. */
  public boolean refused() {
    return DENIED.equals(outcome) || UNAUTHENTICATED.equals(outcome);
  }

  static String outcomeOf(int status, String body) {
    if (status == 401) {
      return UNAUTHENTICATED;
    }
    if (status == 403) {
      return body == null || body.contains("access_denied") ? DENIED : ALLOWED;
    }
    if (status >= 500 || status <= 0) {
      return ERROR;
    }
    return ALLOWED;
  }
}
