package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.Classification;
import java.util.Set;

/**
 * The hand-written part of a built-in profile, for URL shapes that path rules cannot express (e.g.
 * a GitLab project under any number of subgroups). Consulted after every rule, own and profile: it
 * only fills in a resource or an action that no rule gave. Runs for every request, so it must not
 * backtrack and should allocate little.
 */
public interface PathClassifier {
  /**
   * The resource and action of {@code method} on {@code path} (normalized, without a query); either
   * may be null when this classifier does not know it.
   */
  Classification classify(String method, String path);

  /** The action names {@link #classify} can produce. */
  Set<String> actionNames();
}
