package dev.drawbridge.policy;

import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The predicates behind {@link PolicyLint}, over config records (no compilation). */
final class LintRules {
  private static final Class<?>[] SERVICE_ONLY = {
    Selector.ServiceToken.class, Selector.AnyServiceToken.class
  };
  private static final Class<?>[] USER_ONLY = {
    Selector.Email.class,
    Selector.EmailDomain.class,
    Selector.Group.class,
    Selector.Idp.class,
    Selector.AuthMethod.class
  };
  private static final Class<?>[] NARROWING = {
    Selector.Email.class,
    Selector.EmailDomain.class,
    Selector.Group.class,
    Selector.ServiceToken.class,
    Selector.AnyServiceToken.class,
    Selector.Expression.class
  };

  private LintRules() {}

  /** Whether {@code earlier} decides every request that {@code later} would match. */
  static boolean shadows(PolicyConfig earlier, PolicyConfig later) {
    return earlier.require().isEmpty()
        && earlier.exclude().isEmpty()
        && !earlier.include().isEmpty()
        && !later.include().isEmpty()
        && methodsCover(earlier.methods(), later.methods())
        && pathsCover(earlier.paths(), later.paths())
        && includeCovers(earlier.include(), later.include());
  }

  private static boolean methodsCover(List<String> outer, List<String> inner) {
    if (outer.isEmpty()) {
      return true;
    }
    if (inner.isEmpty()) {
      return false;
    }
    Set<String> o = outer.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    return inner.stream().allMatch(m -> o.contains(m.toUpperCase(Locale.ROOT)));
  }

  private static boolean pathsCover(List<String> outer, List<String> inner) {
    if (outer.isEmpty() || outer.contains("/**")) {
      return true;
    }
    if (inner.isEmpty()) {
      return false; // inner is every path; outer is not ("/**" was handled above)
    }
    return inner.stream().allMatch(i -> outer.stream().anyMatch(o -> pathCovers(o, i)));
  }

  private static boolean pathCovers(String outer, String inner) {
    if (outer.equals(inner) || outer.equals("/**")) {
      return true;
    }
    if (!outer.endsWith("/**")) {
      return false;
    }
    String base = outer.substring(0, outer.length() - 3);
    if (base.contains("*")) {
      return false;
    }
    return inner.equals(base) || inner.startsWith(base + "/");
  }

  private static boolean includeCovers(List<Selector> outer, List<Selector> inner) {
    if (outer.stream().anyMatch(s -> s instanceof Selector.Everyone)) {
      return true;
    }
    return inner.stream().allMatch(i -> outer.stream().anyMatch(o -> selectorCovers(o, i)));
  }

  private static boolean selectorCovers(Selector o, Selector i) {
    if (o instanceof Selector.AnyServiceToken) {
      return i instanceof Selector.AnyServiceToken || i instanceof Selector.ServiceToken;
    }
    if (o.getClass() != i.getClass()) {
      return false;
    }
    if (o instanceof Selector.Ip oi && i instanceof Selector.Ip ii) {
      return ii.cidrs().stream()
          .allMatch(c -> oi.cidrs().stream().anyMatch(oc -> PolicyLint.covers(oc, c)));
    }
    Set<String> ov = values(o);
    Set<String> iv = values(i);
    if (ov != null && iv != null) {
      return ov.containsAll(iv);
    }
    return withoutWhere(o).equals(withoutWhere(i));
  }

  private static Object withoutWhere(Selector s) {
    if (s instanceof Selector.Device d) {
      return d.value();
    }
    if (s instanceof Selector.Time t) {
      return List.of(t.days(), t.fromMinute(), t.toMinute(), String.valueOf(t.zone()));
    }
    if (s instanceof Selector.Expression x) {
      return x.source();
    }
    return s.getClass();
  }

  /** The value set of a set-valued selector, or null. */
  static Set<String> values(Selector s) {
    if (s instanceof Selector.Email e) {
      return e.values();
    } else if (s instanceof Selector.EmailDomain e) {
      return e.values();
    } else if (s instanceof Selector.Group g) {
      return g.values();
    } else if (s instanceof Selector.Idp i) {
      return i.values();
    } else if (s instanceof Selector.ServiceToken t) {
      return t.values();
    } else if (s instanceof Selector.AuthMethod a) {
      return a.values();
    }
    return null;
  }

  /** An include with {@code everyone} and no require narrowing it to named principals. */
  static boolean letsEveryoneIn(PolicyConfig p) {
    return p.include().stream().anyMatch(s -> s instanceof Selector.Everyone)
        && p.require().stream().noneMatch(s -> PolicyLint.isSelectorKind(s, NARROWING));
  }

  static boolean isServiceTokenPolicy(PolicyConfig p) {
    return p.include().stream().anyMatch(s -> PolicyLint.isSelectorKind(s, SERVICE_ONLY));
  }

  static boolean requiresIp(PolicyConfig p) {
    return p.require().stream().anyMatch(s -> s instanceof Selector.Ip ip && !ip.cidrs().isEmpty());
  }

  /** Why the policy's require (with its include) can never hold; empty when it can. */
  static List<String> neverHolds(PolicyConfig p) {
    List<String> out = new ArrayList<>();
    List<Selector> req = p.require();
    for (int k = 0; k < req.size(); k++) {
      Selector s = req.get(k);
      Set<String> v = values(s);
      if (s instanceof Selector.Ip ip && ip.cidrs().isEmpty()) {
        out.add("require[" + k + "] ip has no networks");
      } else if (v != null && v.isEmpty()) {
        out.add("require[" + k + "] " + kind(s) + " has no values");
      }
    }
    boolean reqService = req.stream().anyMatch(s -> PolicyLint.isSelectorKind(s, SERVICE_ONLY));
    boolean reqUser = req.stream().anyMatch(s -> PolicyLint.isSelectorKind(s, USER_ONLY));
    if (reqService && reqUser) {
      out.add(
          "require combines a service token with user selectors (email, group, idp, auth_method);"
              + " users and services are disjoint");
    }
    List<Selector> inc = p.include();
    if (!inc.isEmpty()) {
      boolean incAllService =
          inc.stream().allMatch(s -> PolicyLint.isSelectorKind(s, SERVICE_ONLY));
      boolean incAllUser = inc.stream().allMatch(s -> PolicyLint.isSelectorKind(s, USER_ONLY));
      if (incAllService && reqUser && !reqService) {
        out.add("include admits only service tokens but require needs a user selector");
      }
      if (incAllUser && reqService && !reqUser) {
        out.add("include admits only users but require needs a service token");
      }
    }
    return out;
  }

  static String kind(Selector s) {
    String n = s.getClass().getSimpleName();
    return n.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
