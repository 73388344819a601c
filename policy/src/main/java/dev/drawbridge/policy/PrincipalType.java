package dev.drawbridge.policy;

import java.util.Locale;

/** Who made a request: a signed-in user, a service token, or nobody yet. */
public enum PrincipalType {
  USER,
  SERVICE,
  ANONYMOUS;

  /** The lower-case name used in JSON, CEL and the audit log: user, service, anonymous. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The enum constant for a wire name; IllegalArgumentException if unknown. */
  public static PrincipalType fromWire(String wire) {
    return switch (wire) {
      case "user" -> USER;
      case "service" -> SERVICE;
      case "anonymous" -> ANONYMOUS;
      default ->
          throw new IllegalArgumentException(
              "principal type: \"" + wire + "\" (expected: user, service or anonymous)");
    };
  }
}
