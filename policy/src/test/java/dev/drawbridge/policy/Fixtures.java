package dev.drawbridge.policy;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.Effect;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Builds config records directly, as the YAML loader would. */
final class Fixtures {
  private Fixtures() {}

  static final String W = "applications[0].policies[0].include[0]";

  static Selector everyone() {
    return new Selector.Everyone(W);
  }

  static Selector email(String... v) {
    return new Selector.Email(Set.of(v), W);
  }

  static Selector domain(String... v) {
    return new Selector.EmailDomain(Set.of(v), W);
  }

  static Selector group(String... v) {
    return new Selector.Group(Set.of(v), W);
  }

  static Selector idp(String... v) {
    return new Selector.Idp(Set.of(v), W);
  }

  static Selector token(String... v) {
    return new Selector.ServiceToken(Set.of(v), W);
  }

  static Selector anyToken() {
    return new Selector.AnyServiceToken(W);
  }

  static Selector ip(String... cidrs) {
    return new Selector.Ip(Arrays.stream(cidrs).map(Cidr::parse).toList(), W);
  }

  static Selector amr(String... v) {
    return new Selector.AuthMethod(Set.of(v), W);
  }

  static Selector managed() {
    return new Selector.Device("managed", W);
  }

  static Selector time(Set<DayOfWeek> days, String hours, String zone) {
    String[] p = hours.split("-");
    return new Selector.Time(days, minutes(p[0]), minutes(p[1]), ZoneId.of(zone), W);
  }

  static Selector cel(String source) {
    return new Selector.Expression(source, W);
  }

  private static int minutes(String hhmm) {
    String[] p = hhmm.split(":");
    return Integer.parseInt(p[0]) * 60 + Integer.parseInt(p[1]);
  }

  /** A policy builder with the defaults of the YAML: empty lists. */
  static final class P {
    final String name;
    Effect effect = Effect.ALLOW;
    List<Selector> include = new ArrayList<>();
    List<Selector> require = new ArrayList<>();
    List<Selector> exclude = new ArrayList<>();
    List<String> methods = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    String where;

    P(String name) {
      this.name = name;
    }

    P effect(Effect e) {
      effect = e;
      return this;
    }

    P include(Selector... s) {
      include.addAll(List.of(s));
      return this;
    }

    P require(Selector... s) {
      require.addAll(List.of(s));
      return this;
    }

    P exclude(Selector... s) {
      exclude.addAll(List.of(s));
      return this;
    }

    P methods(String... m) {
      methods.addAll(List.of(m));
      return this;
    }

    P paths(String... p) {
      paths.addAll(List.of(p));
      return this;
    }

    P where(String w) {
      where = w;
      return this;
    }

    PolicyConfig build(int index) {
      return new PolicyConfig(
          name,
          effect,
          include,
          require,
          exclude,
          methods,
          paths,
          where != null ? where : "applications[0].policies[" + index + "]");
    }
  }

  static P policy(String name) {
    return new P(name);
  }

  static ApplicationConfig app(String id, P... policies) {
    return app(id, null, List.of(), List.of(), policies);
  }

  static ApplicationConfig app(
      String id,
      String profile,
      List<ApplicationConfig.ResourceRule> resources,
      List<ApplicationConfig.ActionRule> actions,
      P... policies) {
    List<PolicyConfig> ps = new ArrayList<>();
    for (int i = 0; i < policies.length; i++) {
      ps.add(policies[i].build(i));
    }
    return new ApplicationConfig(
        id,
        List.of(id + ".corp.example"),
        URI.create("http://127.0.0.1:1"),
        profile,
        resources,
        actions,
        ps,
        "applications[0]");
  }

  static PolicyEngine engine(P... policies) {
    try {
      return PolicyEngine.compile(List.of(app("git", policies)));
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static AccessRequest.Builder user(String email) {
    return AccessRequest.builder("git")
        .user(email)
        .ip("10.1.2.3")
        .time(java.time.Instant.parse("2026-11-30T10:00:00Z"))
        .path("/scm/net/edge.git/info/refs");
  }

  static AccessRequest.Builder service(String token) {
    return AccessRequest.builder("git")
        .token(token)
        .ip("198.51.100.7")
        .time(java.time.Instant.parse("2026-11-30T10:00:00Z"))
        .path("/scm/net/edge.git/info/refs");
  }
}
