package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import java.util.Set;

/** Shared shape of the selectors that look a single request value up in a set. */
abstract class SetCriterion implements Criterion {
  final Set<String> values;
  private final String kind;
  private final String field;

  SetCriterion(String kind, String field, Set<String> values) {
    this.kind = kind;
    this.field = field;
    this.values = Set.copyOf(values);
  }

  /** The request's value for this selector, or null. */
  abstract String value(AccessRequest r);

  @Override
  public boolean test(AccessRequest r) {
    String v = value(r);
    return v != null && values.contains(v);
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    String v = value(r);
    return matched
        ? kind + " matched " + v
        : kind + ": " + field + " " + Fmt.orNone(v) + " not in " + Fmt.list(values);
  }

  @Override
  public String kind() {
    return kind;
  }
}
