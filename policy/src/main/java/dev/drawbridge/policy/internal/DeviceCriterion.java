package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;

/** {@code device: managed}: the client presented a valid certificate from the client CA. */
final class DeviceCriterion implements Criterion {
  static final DeviceCriterion MANAGED = new DeviceCriterion();

  @Override
  public boolean test(AccessRequest r) {
    return r.deviceManaged();
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    return matched ? "device matched managed" : "device: not managed";
  }

  @Override
  public String kind() {
    return "device";
  }
}
