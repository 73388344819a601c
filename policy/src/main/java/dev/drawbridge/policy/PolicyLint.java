package dev.drawbridge.policy;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.Effect;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds policies that are legal but risky or dead, for {@code drawbridge check}: a policy shadowed
 * by an earlier broader one; {@code everyone} allowed on an application with download or admin
 * actions; a service-token policy without an {@code ip} requirement; a require that can never hold;
 * {@code bypass} on paths that are not public assets; an empty include.
 */
public final class PolicyLint {
  private static final List<String> PUBLIC_DIRS = List.of("/static/", "/assets/", "/public/");
  private static final List<String> PUBLIC_FILES = List.of("/favicon.ico", "/robots.txt");
  private static final List<String> PUBLIC_EXTENSIONS =
      List.of(".css", ".js", ".png", ".svg", ".ico", ".woff2");

  private PolicyLint() {}

  public static List<LintFinding> lint(List<ApplicationConfig> apps) {
    List<LintFinding> out = new ArrayList<>();
    for (int a = 0; a < apps.size(); a++) {
      ApplicationConfig app = apps.get(a);
      Set<String> actions;
      try {
        actions = ResourceMap.compile(app).actionNames();
      } catch (IllegalArgumentException e) {
        actions = Set.of(); // PolicyEngine.compile reports bad rules as errors
      }
      List<PolicyConfig> policies = app.policies();
      for (int i = 0; i < policies.size(); i++) {
        PolicyConfig p = policies.get(i);
        String where =
            p.where() != null ? p.where() : "applications[" + a + "].policies[" + i + "]";
        String name = "policy \"" + p.name() + "\"";
        for (int j = 0; j < i; j++) {
          PolicyConfig earlier = policies.get(j);
          if (LintRules.shadows(earlier, p)) {
            out.add(
                warning(
                    where,
                    name
                        + " never decides: the earlier policy \""
                        + earlier.name()
                        + "\" matches every request it would; move it up or narrow the earlier one"));
            break;
          }
        }
        if (p.include().isEmpty()) {
          out.add(warning(where, name + " has an empty include and matches nobody"));
        }
        if (p.decision() != Effect.DENY && LintRules.letsEveryoneIn(p)) {
          for (String act : List.of("download", "admin")) {
            if (actions.contains(act)) {
              out.add(
                  warning(
                      where,
                      name
                          + " lets everyone in on application \""
                          + app.id()
                          + "\", which has "
                          + act
                          + " actions; include a group or require a security key"));
            }
          }
        }
        if (p.decision() != Effect.DENY
            && LintRules.isServiceTokenPolicy(p)
            && !LintRules.requiresIp(p)) {
          out.add(
              warning(
                  where,
                  name + " admits service tokens from any network; add require: [{ip: [<CIDR>]}]"));
        }
        for (String why : LintRules.neverHolds(p)) {
          out.add(new LintFinding(LintFinding.ERROR, where, name + " can never match: " + why));
        }
        if (p.decision() == Effect.BYPASS) {
          if (p.paths().isEmpty()) {
            out.add(
                warning(
                    where,
                    name
                        + " bypasses every path of the application; limit paths to public assets"
                        + " such as /static/**"));
          }
          for (String path : p.paths()) {
            if (!isPublicAsset(path)) {
              out.add(
                  warning(
                      where,
                      name
                          + " bypasses "
                          + path
                          + ", which is not a public asset (expected e.g. /static/**, /assets/**,"
                          + " /favicon.ico, *.css)"));
            }
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** Whether a bypass on {@code glob} only exposes public assets. */
  static boolean isPublicAsset(String glob) {
    String g = glob.toLowerCase(Locale.ROOT);
    if (g.contains("..")) {
      return false;
    }
    for (String dir : PUBLIC_DIRS) {
      if (g.startsWith(dir) || g.equals(dir.substring(0, dir.length() - 1))) {
        return true;
      }
    }
    if (PUBLIC_FILES.contains(g)) {
      return true;
    }
    String last = g.substring(g.lastIndexOf('/') + 1);
    if (last.contains("**") || last.contains("{")) {
      return false;
    }
    for (String ext : PUBLIC_EXTENSIONS) {
      if (last.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  private static LintFinding warning(String where, String message) {
    return new LintFinding(LintFinding.WARNING, where, message);
  }

  /** Whether {@code outer} contains every address of {@code inner}. */
  static boolean covers(Cidr outer, Cidr inner) {
    return outer.isV4() == inner.isV4()
        && outer.prefix() <= inner.prefix()
        && outer.contains(inner.network());
  }

  static boolean isSelectorKind(Selector s, Class<?>... kinds) {
    for (Class<?> k : kinds) {
      if (k.isInstance(s)) {
        return true;
      }
    }
    return false;
  }
}
