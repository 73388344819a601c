package dev.drawbridge.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of the decision step. {@code kind} says what the gateway does; {@code reason} is the
 * stable code for the audit log; {@code principal*} and {@code extra} feed the audit event; {@code
 * upstreamHeaders} are added to the proxied request (e.g. the assertion JWT); {@code
 * stripAuthorization} removes the client's Authorization header when it carried a Drawbridge
 * credential.
 */
public record Verdict(
    Kind kind,
    String reason,
    String policy,
    Principal principal,
    String resource,
    String action,
    Map<String, Object> extra,
    Map<String, String> upstreamHeaders,
    boolean stripAuthorization,
    String redirectLocation) {

  public enum Kind {
    ALLOW,
    BYPASS,
    DENY,
    UNAUTHENTICATED,
    REDIRECT,
    UNAVAILABLE
  }

  /** Who made the request, as far as it is known. */
  public record Principal(
      String name,
      String type,
      String credentialId,
      String email,
      List<String> groups,
      String idp,
      List<String> amr) {
    public static final Principal ANONYMOUS =
        new Principal(null, "anonymous", null, null, List.of(), null, List.of());
  }

  public static Verdict deny(String reason) {
    return new Verdict(
        Kind.DENY, reason, null, Principal.ANONYMOUS, null, null, Map.of(), Map.of(), false, null);
  }

  public static Verdict bypass(String policy) {
    return new Verdict(
        Kind.BYPASS,
        "bypass",
        policy,
        Principal.ANONYMOUS,
        null,
        null,
        Map.of(),
        Map.of(),
        false,
        null);
  }

  /** This verdict with another action (what the request turned out to do). */
  public Verdict withAction(String otherAction) {
    return new Verdict(
        kind,
        reason,
        policy,
        principal,
        resource,
        otherAction,
        extra,
        upstreamHeaders,
        stripAuthorization,
        redirectLocation);
  }

  /** This verdict with one more audit field in {@code extra} (replacing one of that name). */
  public Verdict withExtra(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put(key, value);
    return new Verdict(
        kind,
        reason,
        policy,
        principal,
        resource,
        action,
        Collections.unmodifiableMap(more),
        upstreamHeaders,
        stripAuthorization,
        redirectLocation);
  }

  public boolean forwards() {
    return kind == Kind.ALLOW || kind == Kind.BYPASS;
  }

  public String decisionWire() {
    return forwards() ? "allow" : "deny";
  }
}
