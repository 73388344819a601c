package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import java.util.Set;

/** {@code auth_method: […]}: the session's AMR values (RFC 8176) intersect these. */
final class AuthMethodCriterion implements Criterion {
  private final Set<String> values;
  private final String wanted;

  AuthMethodCriterion(Set<String> values) {
    this.values = Set.copyOf(values);
    this.wanted = String.join(" or ", new java.util.TreeSet<>(values));
  }

  @Override
  public boolean test(AccessRequest r) {
    return first(r) != null;
  }

  private String first(AccessRequest r) {
    for (String m : r.amr()) {
      if (values.contains(m)) {
        return m;
      }
    }
    return null;
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    String m = first(r);
    return m != null
        ? "auth_method matched " + m
        : "auth_method: amr " + Fmt.list(r.amr()) + " lacks " + wanted;
  }

  @Override
  public String kind() {
    return "auth_method";
  }
}
