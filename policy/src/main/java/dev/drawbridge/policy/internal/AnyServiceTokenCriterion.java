package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import dev.drawbridge.policy.PrincipalType;

/** {@code any_service_token: true}: any service principal. */
final class AnyServiceTokenCriterion implements Criterion {
  static final AnyServiceTokenCriterion INSTANCE = new AnyServiceTokenCriterion();

  @Override
  public boolean test(AccessRequest r) {
    return r.principalType() == PrincipalType.SERVICE;
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    return matched
        ? "any_service_token matched " + r.serviceToken()
        : "any_service_token: principal is " + r.principalType().wire() + ", not a service";
  }

  @Override
  public String kind() {
    return "any_service_token";
  }
}
