package dev.drawbridge.gateway;

/**
 * The decision step between parsing and proxying. Runs on the event loop: it must answer from
 * memory and never block. An exception is a deny with reason {@code internal_error}.
 */
@FunctionalInterface
public interface AccessDecider {
  Verdict decide(RequestContext request);

  /** Until policy, credentials and identity are wired: default deny. */
  AccessDecider DENY_ALL = r -> Verdict.deny("no_policy_matched");
}
