package dev.drawbridge.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads an application's {@code policies:} list. */
final class PolicySection {
  private static final Set<String> KEYS =
      Cursor.keys("name", "decision", "include", "require", "exclude", "methods", "paths");
  private static final String DECISIONS = "allow, deny or bypass";

  private PolicySection() {}

  static List<PolicyConfig> read(Cursor c) {
    List<PolicyConfig> out = new ArrayList<>();
    if (!c.absent() && !c.node().isArray()) {
      c.wrongKind("a list of policies");
      return out;
    }
    Map<String, String> names = new HashMap<>();
    for (Cursor p : c.items()) {
      if (p.absent() || !p.node().isObject()) {
        p.wrongKind("a policy: a map with " + String.join(", ", KEYS));
        continue;
      }
      p.object("", KEYS);
      Cursor nc = p.get("name");
      String name = nc.requiredString("a policy name, unique within the application");
      if (name != null && names.containsKey(name)) {
        nc.badValue("is already the name of " + names.get(name), "unique policy names");
      } else if (name != null) {
        names.put(name, p.path());
      }
      Effect decision = decision(p.get("decision"));
      List<Selector> include = SelectorParser.list(p.get("include"));
      List<Selector> require = SelectorParser.list(p.get("require"));
      List<Selector> exclude = SelectorParser.list(p.get("exclude"));
      List<String> methods = Values.methods(p.get("methods"));
      List<String> paths = Values.paths(p.get("paths"));
      out.add(
          new PolicyConfig(name, decision, include, require, exclude, methods, paths, p.path()));
    }
    return out;
  }

  private static Effect decision(Cursor c) {
    String s = c.requiredString(DECISIONS);
    if (s == null) {
      return null;
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "allow" -> Effect.ALLOW;
      case "deny" -> Effect.DENY;
      case "bypass" -> Effect.BYPASS;
      default -> {
        c.badValue("is not a decision", DECISIONS);
        yield null;
      }
    };
  }
}
