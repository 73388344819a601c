package dev.drawbridge.policy;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.policy.internal.CompiledPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy decision point: the policies of every application compiled into predicate trees.
 * Immutable and thread-safe; a config reload compiles a new engine. The first policy whose scope
 * (methods, paths) matches, any of whose include selectors matches, all of whose require selectors
 * match and none of whose exclude selectors match decides; when none does, the request is denied
 * with {@code no_policy_matched}. An exception during evaluation denies with {@code
 * internal_error}.
 */
public final class PolicyEngine {
  private final Map<String, CompiledPolicy[]> apps;

  private PolicyEngine(Map<String, CompiledPolicy[]> apps) {
    this.apps = apps;
  }

  /**
   * Compiles every application's policies (and checks its resource/action rules). All problems are
   * reported together, each naming its key path, e.g. {@code
   * applications[0].policies[1].include[0].expression: …}.
   */
  public static PolicyEngine compile(List<ApplicationConfig> apps) throws ConfigException {
    List<String> problems = new ArrayList<>();
    Map<String, CompiledPolicy[]> out = new HashMap<>();
    for (ApplicationConfig app : apps) {
      String where = app.where() == null ? "application " + app.id() : app.where();
      if (out.containsKey(app.id())) {
        problems.add(where + ".id: \"" + app.id() + "\" is used by two applications");
      }
      ResourceMap.compile(app, problems);
      List<CompiledPolicy> policies = new ArrayList<>();
      for (PolicyConfig p : app.policies()) {
        CompiledPolicy c = CompiledPolicy.compile(p, problems);
        if (c != null) {
          policies.add(c);
        }
      }
      out.put(app.id(), policies.toArray(CompiledPolicy[]::new));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new PolicyEngine(Map.copyOf(out));
  }

  /** Decides {@code r}. Never throws: any failure is a deny with {@code internal_error}. */
  public Decision decide(AccessRequest r) {
    try {
      CompiledPolicy[] policies = apps.get(r.app());
      if (policies == null) {
        return Decision.UNKNOWN_APPLICATION;
      }
      for (CompiledPolicy p : policies) {
        if (p.matches(r)) {
          return p.decision();
        }
      }
      return Decision.NO_POLICY_MATCHED;
    } catch (RuntimeException | StackOverflowError e) {
      return Decision.INTERNAL_ERROR;
    }
  }

  /**
   * Decides {@code r} and says, for every policy of the application in order, whether it matched
   * and why. The decision is always the one {@link #decide} gives.
   */
  public Explanation explain(AccessRequest r) {
    Decision d = decide(r);
    CompiledPolicy[] policies = r == null ? null : apps.get(r.app());
    if (policies == null) {
      return new Explanation(d, List.of());
    }
    List<PolicyTrace> trace = new ArrayList<>();
    for (CompiledPolicy p : policies) {
      boolean decided = d.policy() != null && p.decision() == d;
      try {
        trace.add(p.trace(r, decided));
      } catch (RuntimeException e) {
        trace.add(
            new PolicyTrace(
                p.name(),
                p.decision().effect(),
                false,
                false,
                List.of("error: " + e.getMessage())));
      }
    }
    return new Explanation(d, trace);
  }

  /** Whether an application with this id is configured. */
  public boolean knows(String app) {
    return apps.containsKey(app);
  }
}
