package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import dev.drawbridge.policy.PrincipalType;
import java.util.Set;

/** {@code service_token: […]}: a service principal whose token has one of these names. */
final class ServiceTokenCriterion extends SetCriterion {
  ServiceTokenCriterion(Set<String> values) {
    super("service_token", "token", values);
  }

  @Override
  String value(AccessRequest r) {
    return r.principalType() == PrincipalType.SERVICE ? r.serviceToken() : null;
  }
}
