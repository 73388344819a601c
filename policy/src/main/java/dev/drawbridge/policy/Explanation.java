package dev.drawbridge.policy;

import java.util.List;

/** A decision with, for every policy of the application in order, why it matched or not. */
public record Explanation(Decision decision, List<PolicyTrace> trace) {
  public Explanation {
    trace = List.copyOf(trace);
  }

  /**
   * When no policy matched: the failed requirement of the first policy whose scope and includes
   * matched the request (e.g. {@code ip_not_allowed}), else null. It says why the request was not
   * let in where it came closest; the decision's own reason stays {@code no_policy_matched}.
   */
  public String requirementReason() {
    if (!Decision.NO_POLICY_MATCHED_REASON.equals(decision.reason())) {
      return null;
    }
    for (PolicyTrace t : trace) {
      if (t.failedRequirement() != null) {
        return t.failedRequirement();
      }
    }
    return null;
  }
}
