package dev.drawbridge.identity.signals;

import java.util.Locale;
import java.util.Map;

/**
 * A subject identifier (RFC 9493) of the formats Drawbridge acts on: {@code email} (a user by
 * e-mail), {@code iss_sub} (a user by the identity provider's issuer and subject), {@code opaque}
 * (a service token by its client id). Other formats are {@link #format} only ({@code value} null).
 * A {@code complex} subject is read through its {@code user} member.
 */
record SubjectId(String format, String value, String iss) {
  static SubjectId of(Object o) {
    if (!(o instanceof Map<?, ?> m)) {
      return new SubjectId("missing", null, null);
    }
    Object format = m.get("format");
    if ("complex".equals(format) && m.get("user") instanceof Map<?, ?> user) {
      return of(user);
    }
    if (!(format instanceof String f)) {
      return new SubjectId("missing", null, null);
    }
    return switch (f) {
      case "email" ->
          m.get("email") instanceof String e && e.contains("@")
              ? new SubjectId(f, e.trim().toLowerCase(Locale.ROOT), null)
              : new SubjectId(f, null, null);
      case "iss_sub" ->
          m.get("iss") instanceof String i && m.get("sub") instanceof String s
              ? new SubjectId(f, s, i)
              : new SubjectId(f, null, null);
      case "opaque" ->
          m.get("id") instanceof String id
              ? new SubjectId(f, id, null)
              : new SubjectId(f, null, null);
      default -> new SubjectId(SignalAudit.clip(f), null, null);
    };
  }

  boolean usable() {
    return value != null;
  }
}
