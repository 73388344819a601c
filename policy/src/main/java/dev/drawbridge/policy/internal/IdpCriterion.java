package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import java.util.Set;

/** {@code idp: […]}: the identity provider the user signed in with. */
final class IdpCriterion extends SetCriterion {
  IdpCriterion(Set<String> values) {
    super("idp", "idp", values);
  }

  @Override
  String value(AccessRequest r) {
    return r.idp();
  }
}
