package dev.drawbridge.policy;

import java.util.List;

/** A decision with, for every policy of the application in order, why it matched or not. */
public record Explanation(Decision decision, List<PolicyTrace> trace) {
  public Explanation {
    trace = List.copyOf(trace);
  }
}
