package dev.drawbridge.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * As JSON ({@code decision}, {@code reason}, {@code requirement_reason} when there is one, {@code
   * policy}, {@code trace}): what {@code drawbridge policy explain -o json} prints and the
   * console's test form shows.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("decision", decision.effect().wire());
    m.put("reason", decision.reason());
    if (requirementReason() != null) {
      m.put("requirement_reason", requirementReason());
    }
    m.put("policy", decision.policy());
    List<Map<String, Object>> out = new ArrayList<>();
    for (PolicyTrace t : trace) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("policy", t.policy());
      e.put("effect", t.effect().wire());
      e.put("matched", t.matched());
      e.put("decided", t.decided());
      e.put("why", t.why());
      out.add(e);
    }
    m.put("trace", out);
    return m;
  }
}
