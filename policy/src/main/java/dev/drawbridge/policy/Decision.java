package dev.drawbridge.policy;

import dev.drawbridge.config.Effect;

/**
 * The outcome of a decision: an effect, a stable reason code and the deciding policy's name (or
 * null). The reason codes of this library are the constants below; other modules add their own
 * through {@link #deny(String)} (e.g. {@code locked}, {@code credential_revoked}).
 */
public record Decision(Effect effect, String reason, String policy) {
  public static final String ALLOWED_BY_POLICY = "allowed_by_policy";
  public static final String DENIED_BY_POLICY = "denied_by_policy";
  public static final String BYPASS = "bypass";
  public static final String NO_POLICY_MATCHED_REASON = "no_policy_matched";
  public static final String UNKNOWN_APPLICATION_REASON = "unknown_application";
  public static final String INTERNAL_ERROR_REASON = "internal_error";

  /** A request target the data plane refuses with 400 ({@link RequestTarget}). */
  public static final String BAD_REQUEST_REASON = "bad_request";

  public static final Decision NO_POLICY_MATCHED = deny(NO_POLICY_MATCHED_REASON);
  public static final Decision UNKNOWN_APPLICATION = deny(UNKNOWN_APPLICATION_REASON);
  public static final Decision INTERNAL_ERROR = deny(INTERNAL_ERROR_REASON);

  public Decision {
    if (effect == null || reason == null) {
      throw new IllegalArgumentException("effect and reason are required");
    }
  }

  /** A deny with no deciding policy, for any module's reason code. */
  public static Decision deny(String reason) {
    return new Decision(Effect.DENY, reason, null);
  }

  /** What policy {@code policy} with effect {@code effect} decides when it matches. */
  public static Decision byPolicy(Effect effect, String policy) {
    return switch (effect) {
      case ALLOW -> new Decision(Effect.ALLOW, ALLOWED_BY_POLICY, policy);
      case DENY -> new Decision(Effect.DENY, DENIED_BY_POLICY, policy);
      case BYPASS -> new Decision(Effect.BYPASS, BYPASS, policy);
    };
  }

  /** True for allow and bypass: the request goes upstream. */
  public boolean permits() {
    return effect != Effect.DENY;
  }
}
