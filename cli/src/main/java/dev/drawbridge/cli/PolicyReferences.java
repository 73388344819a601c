package dev.drawbridge.cli;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cross-checks between policies and what exists: service-token names that no token has (when the
 * server's tokens are known), groups that nothing can provide (no identity provider, no local
 * users), and applications whose policies admit no token of a given name.
 */
final class PolicyReferences {
  private PolicyReferences() {}

  /** A finding: the key path and what is wrong. */
  record Finding(String where, String message) {}

  private static List<Selector> selectors(PolicyConfig p) {
    List<Selector> all = new ArrayList<>(p.include());
    all.addAll(p.require());
    all.addAll(p.exclude());
    return all;
  }

  /** {@code tokens}: the names of the tokens on the server, or null when unknown. */
  static List<Finding> check(DrawbridgeConfig cfg, Set<String> tokens) {
    List<Finding> out = new ArrayList<>();
    boolean groupsPossible = !cfg.identity().providers().isEmpty() || cfg.identity().localUsers();
    for (ApplicationConfig app : cfg.applications()) {
      for (PolicyConfig p : app.policies()) {
        for (Selector s : selectors(p)) {
          if (s instanceof Selector.ServiceToken st && tokens != null) {
            for (String name : new TreeSet<>(st.values())) {
              if (!tokens.contains(name)) {
                out.add(
                    new Finding(
                        st.where(),
                        "service_token \""
                            + name
                            + "\" names no token on the server"
                            + suggestion(name, tokens)
                            + " (expected: the name of a token, see `drawbridge token ls`)"));
              }
            }
          } else if (s instanceof Selector.Group g && !groupsPossible) {
            out.add(
                new Finding(
                    g.where(),
                    "group "
                        + new TreeSet<>(g.values())
                        + " can never match: no identity provider and no local users are"
                        + " configured (expected: identity.providers or identity.local_users)"));
          }
        }
      }
    }
    return out;
  }

  /** Whether some policy of {@code app} names token {@code name} (or any token) in its include. */
  static boolean admits(ApplicationConfig app, String name) {
    for (PolicyConfig p : app.policies()) {
      for (Selector s : p.include()) {
        if (s instanceof Selector.AnyServiceToken
            || (s instanceof Selector.ServiceToken st && st.values().contains(name))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String suggestion(String name, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = Main.distance(name, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }
}
