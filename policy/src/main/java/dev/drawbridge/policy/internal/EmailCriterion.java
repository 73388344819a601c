package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code email: […]}: the user's address, case-insensitively. */
final class EmailCriterion extends SetCriterion {
  EmailCriterion(Set<String> values) {
    super(
        "email",
        "email",
        values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
  }

  @Override
  String value(AccessRequest r) {
    // toLowerCase returns the same instance when nothing changes: no allocation in the usual case.
    return r.email() == null ? null : r.email().toLowerCase(Locale.ROOT);
  }
}
