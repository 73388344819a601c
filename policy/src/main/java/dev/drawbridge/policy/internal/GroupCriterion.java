package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import java.util.Set;

/** {@code group: […]}: any of the principal's groups (case-sensitive, as the IdP sends them). */
final class GroupCriterion implements Criterion {
  private final Set<String> values;

  GroupCriterion(Set<String> values) {
    this.values = Set.copyOf(values);
  }

  @Override
  public boolean test(AccessRequest r) {
    return first(r) != null;
  }

  private String first(AccessRequest r) {
    for (String g : r.groups()) {
      if (values.contains(g)) {
        return g;
      }
    }
    return null;
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    String g = first(r);
    return g != null
        ? "group matched " + g
        : "group: groups " + Fmt.list(r.groups()) + " not in " + Fmt.list(values);
  }

  @Override
  public String kind() {
    return "group";
  }
}
