package dev.drawbridge.policy;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A plain, obviously-correct interpreter of the policy semantics, straight over the config records:
 * no precomputation, java.time and regular expressions, for the property tests to compare with.
 */
final class ReferenceInterpreter {
  private ReferenceInterpreter() {}

  static Decision decide(List<PolicyConfig> policies, AccessRequest r) {
    for (PolicyConfig p : policies) {
      if (matches(p, r)) {
        return Decision.byPolicy(p.decision(), p.name());
      }
    }
    return Decision.NO_POLICY_MATCHED;
  }

  static boolean matches(PolicyConfig p, AccessRequest r) {
    if (!p.methods().isEmpty()
        && p.methods().stream().noneMatch(m -> m.toUpperCase(Locale.ROOT).equals(r.method()))) {
      return false;
    }
    if (!p.paths().isEmpty() && p.paths().stream().noneMatch(g -> globMatches(g, r.path()))) {
      return false;
    }
    return p.include().stream().anyMatch(s -> holds(s, r))
        && p.require().stream().allMatch(s -> holds(s, r))
        && p.exclude().stream().noneMatch(s -> holds(s, r));
  }

  /** Globs as regular expressions: "/**" is any number of "/segment", "*" alone one segment. */
  static boolean globMatches(String glob, String path) {
    StringBuilder re = new StringBuilder();
    for (String seg : glob.substring(1).split("/", -1)) {
      if (seg.equals("**")) {
        re.append("(/[^/]*)*");
      } else if (seg.equals("*")) {
        re.append("/[^/]+");
      } else {
        re.append('/');
        for (String part : seg.split("\\*", -1)) {
          re.append(Pattern.quote(part)).append("[^/]*");
        }
        re.setLength(re.length() - "[^/]*".length());
      }
    }
    return Pattern.matches(re.toString(), path);
  }

  static boolean holds(Selector s, AccessRequest r) {
    boolean service = r.principalType() == PrincipalType.SERVICE;
    if (s instanceof Selector.Everyone) {
      return true;
    } else if (s instanceof Selector.Email e) {
      return r.email() != null && e.values().contains(r.email().toLowerCase(Locale.ROOT));
    } else if (s instanceof Selector.EmailDomain d) {
      if (r.email() == null || !r.email().contains("@")) {
        return false;
      }
      String domain = r.email().substring(r.email().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      return d.values().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(domain));
    } else if (s instanceof Selector.Group g) {
      return r.groups().stream().anyMatch(g.values()::contains);
    } else if (s instanceof Selector.Idp i) {
      return r.idp() != null && i.values().contains(r.idp());
    } else if (s instanceof Selector.ServiceToken t) {
      return service && t.values().contains(r.serviceToken());
    } else if (s instanceof Selector.AnyServiceToken) {
      return service;
    } else if (s instanceof Selector.Ip ip) {
      return r.ip() != null && ip.cidrs().stream().anyMatch((Cidr c) -> c.contains(r.ip()));
    } else if (s instanceof Selector.AuthMethod a) {
      return r.amr().stream().anyMatch(a.values()::contains);
    } else if (s instanceof Selector.Device) {
      return r.deviceManaged();
    } else if (s instanceof Selector.Time t) {
      ZonedDateTime local = r.time().atZone(t.zone());
      int minute = local.getHour() * 60 + local.getMinute();
      DayOfWeek today = local.getDayOfWeek();
      boolean todayOk = t.days().isEmpty() || t.days().contains(today);
      boolean yesterdayOk = t.days().isEmpty() || t.days().contains(today.minus(1));
      if (t.fromMinute() < t.toMinute()) {
        return todayOk && minute >= t.fromMinute() && minute < t.toMinute();
      }
      return (todayOk && minute >= t.fromMinute()) || (yesterdayOk && minute < t.toMinute());
    }
    throw new IllegalArgumentException("not supported by the reference: " + s);
  }
}
