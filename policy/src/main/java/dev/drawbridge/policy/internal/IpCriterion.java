package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;

/** {@code ip: […]}: the client address lies in one of these networks. */
final class IpCriterion implements Criterion {
  private final CidrMatcher cidrs;

  IpCriterion(CidrMatcher cidrs) {
    this.cidrs = cidrs;
  }

  @Override
  public boolean test(AccessRequest r) {
    return cidrs.matches(r.ip());
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    int i = cidrs.indexOf(r.ip());
    return i >= 0
        ? "ip matched " + cidrs.cidrs().get(i)
        : "ip: " + Fmt.orNone(r.ipText()) + " not in " + cidrs.cidrs();
  }

  @Override
  public String kind() {
    return "ip";
  }
}
