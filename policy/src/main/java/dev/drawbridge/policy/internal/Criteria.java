package dev.drawbridge.policy.internal;

import dev.drawbridge.config.Selector;
import java.util.List;

/** The registry: turns each kind of config {@link Selector} into its compiled {@link Criterion}. */
public final class Criteria {
  private Criteria() {}

  /**
   * Compiles one selector; a problem (naming the selector's {@code where} and what is expected) is
   * added to {@code problems} and null returned when it cannot be used.
   */
  public static Criterion compile(Selector s, List<String> problems) {
    if (s instanceof Selector.Everyone) {
      return EveryoneCriterion.INSTANCE;
    } else if (s instanceof Selector.Email e) {
      return new EmailCriterion(e.values());
    } else if (s instanceof Selector.EmailDomain e) {
      return new EmailDomainCriterion(e.values());
    } else if (s instanceof Selector.Group g) {
      return new GroupCriterion(g.values());
    } else if (s instanceof Selector.Idp i) {
      return new IdpCriterion(i.values());
    } else if (s instanceof Selector.ServiceToken t) {
      return new ServiceTokenCriterion(t.values());
    } else if (s instanceof Selector.AnyServiceToken) {
      return AnyServiceTokenCriterion.INSTANCE;
    } else if (s instanceof Selector.Ip ip) {
      return new IpCriterion(new CidrMatcher(ip.cidrs()));
    } else if (s instanceof Selector.AuthMethod a) {
      return new AuthMethodCriterion(a.values());
    } else if (s instanceof Selector.Device d) {
      return device(d, problems);
    } else if (s instanceof Selector.Time t) {
      return time(t, problems);
    } else if (s instanceof Selector.Expression x) {
      return expression(x, problems);
    }
    problems.add((s == null ? "selector" : s.where()) + ": unknown selector");
    return null;
  }

  private static Criterion device(Selector.Device d, List<String> problems) {
    if (!"managed".equals(d.value())) {
      problems.add(
          d.where() + ".device: \"" + d.value() + "\" is not a device state (expected: managed)");
      return null;
    }
    return DeviceCriterion.MANAGED;
  }

  private static Criterion time(Selector.Time t, List<String> problems) {
    if (t.zone() == null
        || t.fromMinute() < 0
        || t.fromMinute() >= 24 * 60
        || t.toMinute() < 0
        || t.toMinute() > 24 * 60) {
      problems.add(t.where() + ".time: needs hours \"HH:MM-HH:MM\" within a day and a tz");
      return null;
    }
    return new TimeCriterion(t.days(), t.fromMinute(), t.toMinute() % (24 * 60), t.zone());
  }

  private static Criterion expression(Selector.Expression x, List<String> problems) {
    try {
      return new ExpressionCriterion(x.source(), CelEnvironment.compile(x.source()));
    } catch (CelEnvironment.InvalidExpression e) {
      problems.add(x.where() + ".expression: " + e.getMessage());
      return null;
    }
  }
}
