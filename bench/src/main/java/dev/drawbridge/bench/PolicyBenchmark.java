package dev.drawbridge.bench;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.Effect;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import dev.drawbridge.policy.AccessRequest;
import dev.drawbridge.policy.Decision;
import dev.drawbridge.policy.PolicyEngine;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Policy decisions on one core. {@code decide20}: an application with 20 policies of mixed
 * selectors (no CEL); the request is decided by the 19th policy, so nearly all are evaluated.
 * {@code decideCel}: the deciding policy has a CEL expression. Run: {@code java -jar
 * bench/target/benchmarks.jar Policy -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
public class PolicyBenchmark {
  private static final String W = "bench";

  private PolicyEngine twenty;
  private PolicyEngine cel;
  private AccessRequest request;

  @Setup
  public void setUp() throws ConfigException {
    twenty = PolicyEngine.compile(List.of(app("git", twentyPolicies())));
    cel =
        PolicyEngine.compile(
            List.of(
                app(
                    "git",
                    List.of(
                        policy(
                            "cel",
                            Effect.ALLOW,
                            List.of(
                                new Selector.Expression(
                                    "'engineering' in principal.groups"
                                        + " && request.path.startsWith('/scm/')"
                                        + " && request.method in ['GET', 'POST']",
                                    W)),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of())))));
    request =
        AccessRequest.builder("git")
            .user("ana@corp.example")
            .groups("engineering", "staff")
            .idp("okta")
            .amr("pwd", "hwk")
            .ip("10.1.2.3")
            .deviceManaged(true)
            .method("POST")
            .path("/scm/net/edge.git/git-upload-pack")
            .time(Instant.parse("2026-11-30T10:00:00Z"))
            .build();
    Decision d = twenty.decide(request);
    if (!"p18 engineers".equals(d.policy()) || cel.decide(request).effect() != Effect.ALLOW) {
      throw new IllegalStateException("benchmark set-up decides wrongly: " + d);
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Decision decide20() {
    return twenty.decide(request);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Decision decideCel() {
    return cel.decide(request);
  }

  private static List<PolicyConfig> twentyPolicies() {
    List<Selector> nets = List.of(ip("203.0.113.0/24", "2001:db8::/32"));
    Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    List<PolicyConfig> ps = new ArrayList<>();
    ps.add(
        policy(
            "p0 static",
            Effect.BYPASS,
            all(),
            List.of(),
            List.of(),
            List.of(),
            List.of("/static/**", "/favicon.ico")));
    ps.add(
        policy(
            "p1 blocked",
            Effect.DENY,
            List.of(new Selector.Email(Set.of("mallory@corp.example", "eve@corp.example"), W)),
            List.of(),
            List.of(),
            List.of(),
            List.of()));
    ps.add(policy("p2 lab", Effect.DENY, nets, List.of(), List.of(), List.of(), List.of()));
    ps.add(
        policy(
            "p3 contractors",
            Effect.DENY,
            List.of(new Selector.Group(Set.of("contractors"), W)),
            List.of(),
            List.of(),
            List.of(),
            List.of()));
    ps.add(
        policy(
            "p4 ci",
            Effect.ALLOW,
            List.of(new Selector.ServiceToken(Set.of("ci-bot", "deploy"), W)),
            List.of(ip("198.51.100.0/24")),
            List.of(),
            List.of("GET", "POST"),
            List.of("/scm/**")));
    ps.add(
        policy(
            "p5 monitors",
            Effect.ALLOW,
            List.of(new Selector.AnyServiceToken(W)),
            List.of(ip("192.0.2.0/24")),
            List.of(),
            List.of("GET"),
            List.of("/status")));
    ps.add(
        policy(
            "p6 admins",
            Effect.ALLOW,
            List.of(new Selector.Group(Set.of("admins"), W)),
            List.of(amr("hwk")),
            List.of(),
            List.of(),
            List.of("/rest/api/*/admin/**")));
    ps.add(
        policy(
            "p7 partner",
            Effect.ALLOW,
            List.of(new Selector.EmailDomain(Set.of("partner.example"), W)),
            List.of(new Selector.Device("managed", W)),
            List.of(),
            List.of("GET"),
            List.of("/projects/**")));
    ps.add(
        policy(
            "p8 auditors",
            Effect.ALLOW,
            List.of(new Selector.Group(Set.of("audit"), W)),
            List.of(),
            List.of(),
            List.of("GET", "HEAD"),
            List.of()));
    ps.add(
        policy(
            "p9 night ops",
            Effect.ALLOW,
            List.of(new Selector.Group(Set.of("ops"), W)),
            List.of(new Selector.Time(Set.of(), 22 * 60, 6 * 60, ZoneId.of("Europe/Berlin"), W)),
            List.of(),
            List.of(),
            List.of()));
    ps.add(
        policy(
            "p10 idp",
            Effect.ALLOW,
            List.of(new Selector.Idp(Set.of("legacy-saml"), W)),
            List.of(),
            List.of(),
            List.of("GET"),
            List.of("/wiki/**")));
    ps.add(
        policy(
            "p11 release",
            Effect.ALLOW,
            List.of(new Selector.Email(Set.of("release@corp.example"), W)),
            List.of(amr("hwk")),
            List.of(),
            List.of("POST"),
            List.of("/scm/*/*.git/git-receive-pack")));
    ps.add(
        policy(
            "p12 sales",
            Effect.DENY,
            List.of(new Selector.Group(Set.of("sales", "marketing"), W)),
            List.of(),
            List.of(),
            List.of(),
            List.of("/scm/**")));
    ps.add(
        policy(
            "p13 office",
            Effect.ALLOW,
            List.of(ip("10.99.0.0/16")),
            List.of(new Selector.Device("managed", W)),
            List.of(),
            List.of("GET"),
            List.of()));
    ps.add(
        policy(
            "p14 weekday staff",
            Effect.ALLOW,
            List.of(new Selector.Group(Set.of("staff-ro"), W)),
            List.of(new Selector.Time(weekdays, 8 * 60, 19 * 60, ZoneId.of("Europe/Berlin"), W)),
            List.of(),
            List.of("GET"),
            List.of()));
    ps.add(
        policy(
            "p15 api users",
            Effect.ALLOW,
            List.of(new Selector.Group(Set.of("api"), W)),
            List.of(amr("otp", "hwk")),
            List.of(ip("203.0.113.0/24")),
            List.of(),
            List.of("/rest/**")));
    ps.add(
        policy(
            "p16 interns",
            Effect.DENY,
            List.of(new Selector.Group(Set.of("interns"), W)),
            List.of(),
            List.of(),
            List.of("POST", "PUT", "DELETE"),
            List.of()));
    ps.add(
        policy(
            "p17 uploads",
            Effect.ALLOW,
            List.of(new Selector.Group(Set.of("uploaders"), W)),
            List.of(),
            List.of(),
            List.of("PUT"),
            List.of("/upload/**")));
    ps.add(
        policy(
            "p18 engineers",
            Effect.ALLOW,
            List.of(new Selector.Group(Set.of("engineering"), W)),
            List.of(
                amr("hwk"), new Selector.Device("managed", W), ip("10.0.0.0/8", "2001:db8:1::/48")),
            List.of(ip("10.66.0.0/16")),
            List.of("GET", "POST"),
            List.of("/scm/**")));
    ps.add(
        policy(
            "p19 everyone reads",
            Effect.ALLOW,
            all(),
            List.of(amr("hwk")),
            List.of(),
            List.of("GET"),
            List.of()));
    return ps;
  }

  private static List<Selector> all() {
    return List.of(new Selector.Everyone(W));
  }

  private static Selector ip(String... cidrs) {
    List<Cidr> list = new ArrayList<>();
    for (String c : cidrs) {
      list.add(Cidr.parse(c));
    }
    return new Selector.Ip(list, W);
  }

  private static Selector amr(String... v) {
    return new Selector.AuthMethod(Set.of(v), W);
  }

  private static PolicyConfig policy(
      String name,
      Effect e,
      List<Selector> include,
      List<Selector> require,
      List<Selector> exclude,
      List<String> methods,
      List<String> paths) {
    return new PolicyConfig(name, e, include, require, exclude, methods, paths, W);
  }

  private static ApplicationConfig app(String id, List<PolicyConfig> policies) {
    return new ApplicationConfig(
        id,
        List.of(id),
        URI.create("http://127.0.0.1:1"),
        null,
        List.of(),
        List.of(),
        policies,
        "applications[0]");
  }
}
