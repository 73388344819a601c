package dev.drawbridge.policy.internal;

import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import dev.drawbridge.policy.AccessRequest;
import dev.drawbridge.policy.Decision;
import dev.drawbridge.policy.PolicyTrace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One policy as a predicate tree: scope (methods as a set, compiled path globs), then any include,
 * every require, no exclude. Its {@link Decision} is built once, so deciding allocates nothing.
 */
public final class CompiledPolicy {
  private final String name;
  private final Decision decision;
  private final Set<String> methods; // null: any
  private final PathGlob[] paths; // empty: any
  private final Criterion[] include;
  private final Criterion[] require;
  private final Criterion[] exclude;

  private CompiledPolicy(
      PolicyConfig p,
      Set<String> methods,
      PathGlob[] paths,
      Criterion[] include,
      Criterion[] require,
      Criterion[] exclude) {
    this.name = p.name();
    this.decision = Decision.byPolicy(p.decision(), p.name());
    this.methods = methods;
    this.paths = paths;
    this.include = include;
    this.require = require;
    this.exclude = exclude;
  }

  /** Compiles {@code p}, adding one line per problem; null if there were any. */
  public static CompiledPolicy compile(PolicyConfig p, List<String> problems) {
    int before = problems.size();
    if (p.decision() == null) {
      problems.add(p.where() + ".decision: missing (expected: allow, deny or bypass)");
    }
    Set<String> methods = null;
    if (!p.methods().isEmpty()) {
      methods = new HashSet<>();
      for (String m : p.methods()) {
        methods.add(m.toUpperCase(Locale.ROOT));
      }
      methods = Set.copyOf(methods);
    }
    PathGlob[] paths = new PathGlob[p.paths().size()];
    for (int i = 0; i < paths.length; i++) {
      try {
        paths[i] = PathGlob.compile(p.paths().get(i), false);
      } catch (IllegalArgumentException e) {
        problems.add(p.where() + ".paths[" + i + "]: " + e.getMessage());
      }
    }
    Criterion[] include = criteria(p.include(), problems);
    Criterion[] require = criteria(p.require(), problems);
    Criterion[] exclude = criteria(p.exclude(), problems);
    if (problems.size() > before) {
      return null;
    }
    return new CompiledPolicy(p, methods, paths, include, require, exclude);
  }

  private static Criterion[] criteria(List<Selector> selectors, List<String> problems) {
    Criterion[] out = new Criterion[selectors.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Criteria.compile(selectors.get(i), problems);
    }
    return out;
  }

  public String name() {
    return name;
  }

  public Decision decision() {
    return decision;
  }

  /** The hot path: whether this policy decides {@code r}. */
  public boolean matches(AccessRequest r) {
    if (!inScope(r)) {
      return false;
    }
    boolean any = false;
    for (Criterion c : include) {
      if (c.test(r)) {
        any = true;
        break;
      }
    }
    if (!any) {
      return false;
    }
    for (Criterion c : require) {
      if (!c.test(r)) {
        return false;
      }
    }
    for (Criterion c : exclude) {
      if (c.test(r)) {
        return false;
      }
    }
    return true;
  }

  private boolean inScope(AccessRequest r) {
    if (methods != null && !methods.contains(r.method())) {
      return false;
    }
    if (paths.length == 0) {
      return true;
    }
    for (PathGlob g : paths) {
      if (g.matches(r.path())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every step, evaluated without short-circuit, for {@code policy explain}. A selector that throws
   * is reported as an error and counts against the match (fail closed).
   */
  public PolicyTrace trace(AccessRequest r, boolean decided) {
    List<String> why = new ArrayList<>();
    boolean ok = scope(r, why);
    boolean any = false;
    List<String> misses = new ArrayList<>();
    for (int i = 0; i < include.length; i++) {
      Boolean m = step("include[" + i + "] ", include[i], r, why, misses);
      any |= Boolean.TRUE.equals(m);
    }
    if (include.length == 0) {
      why.add("include: empty, matches nobody");
    } else if (!any) {
      why.add("include: no selector matched");
      why.addAll(misses);
    }
    ok &= any;
    String failedRequirement = null;
    for (int i = 0; i < require.length; i++) {
      Boolean m = step("require[" + i + "] ", require[i], r, why, why);
      if (!Boolean.TRUE.equals(m) && ok && failedRequirement == null) {
        failedRequirement = PolicyTrace.requirementReason(require[i].kind());
      }
      ok &= Boolean.TRUE.equals(m);
    }
    for (int i = 0; i < exclude.length; i++) {
      Boolean m = step("exclude[" + i + "] ", exclude[i], r, why, null);
      ok &= Boolean.FALSE.equals(m);
    }
    return new PolicyTrace(name, decision.effect(), ok, decided, why, failedRequirement);
  }

  /** Records a match in {@code why}, a miss in {@code misses} (dropped when null). */
  private static Boolean step(
      String label, Criterion c, AccessRequest r, List<String> why, List<String> misses) {
    try {
      boolean m = c.test(r);
      if (m) {
        why.add(label + c.describe(r, true));
      } else if (misses != null) {
        misses.add(label + c.describe(r, false));
      }
      return m;
    } catch (RuntimeException e) {
      why.add(label + c.kind() + ": error: " + e.getMessage());
      return null;
    }
  }

  private boolean scope(AccessRequest r, List<String> why) {
    boolean ok = true;
    if (methods != null) {
      boolean in = methods.contains(r.method());
      why.add("scope: method " + r.method() + (in ? " in " : " not in ") + Fmt.list(methods));
      ok = in;
    }
    if (paths.length > 0) {
      PathGlob hit = null;
      for (PathGlob g : paths) {
        if (g.matches(r.path())) {
          hit = g;
          break;
        }
      }
      List<String> sources = new ArrayList<>();
      for (PathGlob g : paths) {
        sources.add(g.source());
      }
      why.add(
          hit != null
              ? "scope: path " + r.path() + " matched " + hit.source()
              : "scope: path " + r.path() + " not in " + sources);
      ok &= hit != null;
    }
    return ok;
  }
}
