package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;

/** {@code everyone: true}: every request, whatever its principal (also anonymous ones). */
final class EveryoneCriterion implements Criterion {
  static final EveryoneCriterion INSTANCE = new EveryoneCriterion();

  @Override
  public boolean test(AccessRequest r) {
    return true;
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    return "everyone matched";
  }

  @Override
  public String kind() {
    return "everyone";
  }
}
