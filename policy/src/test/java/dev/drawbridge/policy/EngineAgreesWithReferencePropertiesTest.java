package dev.drawbridge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.Effect;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class EngineAgreesWithReferencePropertiesTest {
  private static final List<String> EMAILS =
      List.of("ana@corp.example", "bob@corp.example", "Eve@Evil.Example", "x@sub.corp.example");
  private static final List<String> DOMAINS = List.of("corp.example", "evil.example", "other.org");
  private static final List<String> GROUPS = List.of("eng", "ops", "sales");
  private static final List<String> IDPS = List.of("okta", "local");
  private static final List<String> TOKENS = List.of("ci-bot", "deploy");
  private static final List<String> AMRS = List.of("pwd", "hwk", "otp");
  private static final List<String> IPS =
      List.of(
          "10.1.2.3",
          "10.255.255.255",
          "11.0.0.0",
          "203.0.113.0",
          "203.0.113.255",
          "198.51.100.7",
          "2001:db8::1",
          "2001:db8:ffff::1",
          "2001:db9::",
          "::ffff:10.1.2.3",
          "::1",
          "0.0.0.0");
  private static final List<String> CIDRS =
      List.of(
          "10.0.0.0/8",
          "10.1.2.0/24",
          "203.0.113.0/24",
          "198.51.100.7/32",
          "0.0.0.0/0",
          "2001:db8::/32",
          "2001:db8::/127",
          "::/0",
          "10.1.2.3/31");
  private static final List<String> METHODS = List.of("GET", "POST", "DELETE");
  private static final List<String> PATHS =
      List.of(
          "/",
          "/scm",
          "/scm/net/edge.git/info/refs",
          "/scm/a/b.git/git-upload-pack",
          "/static/x.css",
          "/static/a/x.css",
          "/rest/api/1.0/admin/users",
          "/a/b/c",
          "/a/c",
          "/scm/");
  private static final List<String> GLOBS =
      List.of(
          "/**",
          "/scm/**",
          "/scm/*/*.git/**",
          "/static/*.css",
          "/*",
          "/a/**/c",
          "/rest/api/*/admin/**",
          "/scm",
          "/*/*/*");
  private static final List<String> ZONES =
      List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata");
  private static final String W = "applications[0].policies[0].include[0]";

  @Property(tries = 400)
  void compiledEngineDecidesLikeTheReference(
      @ForAll("policies") List<PolicyConfig> policies,
      @ForAll("requests") List<AccessRequest> requests)
      throws Exception {
    ApplicationConfig app =
        new ApplicationConfig(
            "app",
            List.of("h"),
            URI.create("http://127.0.0.1:1"),
            null,
            List.of(),
            List.of(),
            policies,
            "applications[0]");
    PolicyEngine engine = PolicyEngine.compile(List.of(app));
    for (AccessRequest r : requests) {
      Decision expected = ReferenceInterpreter.decide(policies, r);
      Statistics.collect(expected.reason());
      assertThat(engine.decide(r)).as("%s with %s", r, policies).isEqualTo(expected);
      assertThat(engine.explain(r).trace())
          .filteredOn(PolicyTrace::decided)
          .extracting(PolicyTrace::policy)
          .containsExactlyElementsOf(
              expected.policy() == null ? List.of() : List.of(expected.policy()));
    }
  }

  @Property(tries = 300)
  void globsMatchLikeRegularExpressions(
      @ForAll("globs") String glob, @ForAll("randomPaths") String path) {
    assertThat(dev.drawbridge.policy.internal.PathGlob.compile(glob, false).matches(path))
        .as("%s ~ %s", glob, path)
        .isEqualTo(ReferenceInterpreter.globMatches(glob, path));
  }

  @Provide
  Arbitrary<String> globs() {
    Arbitrary<String> seg = Arbitraries.of("a", "b", "*", "**", "*.git", "x*", "*y", "a*b");
    return seg.list().ofMinSize(0).ofMaxSize(4).map(l -> "/" + String.join("/", l));
  }

  @Provide
  Arbitrary<String> randomPaths() {
    Arbitrary<String> seg = Arbitraries.of("a", "b", "", "r.git", "xy", "ab", "x", "y", "axb");
    return seg.list().ofMinSize(0).ofMaxSize(5).map(l -> "/" + String.join("/", l));
  }

  @Provide
  Arbitrary<List<PolicyConfig>> policies() {
    return policy().list().ofMinSize(1).ofMaxSize(6).map(this::named);
  }

  private List<PolicyConfig> named(List<PolicyConfig> ps) {
    List<PolicyConfig> out = new ArrayList<>();
    for (int i = 0; i < ps.size(); i++) {
      PolicyConfig p = ps.get(i);
      out.add(
          new PolicyConfig(
              "p" + i,
              p.decision(),
              p.include(),
              p.require(),
              p.exclude(),
              p.methods(),
              p.paths(),
              "applications[0].policies[" + i + "]"));
    }
    return out;
  }

  private Arbitrary<PolicyConfig> policy() {
    return Combinators.combine(
            Arbitraries.of(Effect.class),
            selector().list().ofMaxSize(3),
            selector().list().ofMaxSize(2),
            selector().list().ofMaxSize(2),
            Arbitraries.subsetOf(METHODS).map(List::copyOf),
            Arbitraries.subsetOf(GLOBS).ofMaxSize(2).map(List::copyOf))
        .as((e, inc, req, exc, m, p) -> new PolicyConfig("p", e, inc, req, exc, m, p, "w"));
  }

  private Arbitrary<Selector> selector() {
    return Arbitraries.oneOf(
        Arbitraries.just(new Selector.Everyone(W)),
        Arbitraries.subsetOf(EMAILS).map(s -> new Selector.Email(lower(s), W)),
        Arbitraries.subsetOf(DOMAINS).map(s -> new Selector.EmailDomain(s, W)),
        Arbitraries.subsetOf(GROUPS).map(s -> new Selector.Group(s, W)),
        Arbitraries.subsetOf(IDPS).map(s -> new Selector.Idp(s, W)),
        Arbitraries.subsetOf(TOKENS).map(s -> new Selector.ServiceToken(s, W)),
        Arbitraries.just(new Selector.AnyServiceToken(W)),
        Arbitraries.subsetOf(CIDRS)
            .map(s -> new Selector.Ip(s.stream().map(Cidr::parse).toList(), W)),
        Arbitraries.subsetOf(AMRS).map(s -> new Selector.AuthMethod(s, W)),
        Arbitraries.just(new Selector.Device("managed", W)),
        Combinators.combine(
                Arbitraries.subsetOf(DayOfWeek.values()),
                Arbitraries.integers().between(0, 1439),
                Arbitraries.integers().between(0, 1439),
                Arbitraries.of(ZONES))
            .as((d, f, t, z) -> new Selector.Time(d, f, t, ZoneId.of(z), W)));
  }

  private static Set<String> lower(Set<String> s) {
    return Set.copyOf(s.stream().map(String::toLowerCase).toList());
  }

  @Provide
  Arbitrary<List<AccessRequest>> requests() {
    return request().list().ofMinSize(1).ofMaxSize(20);
  }

  private Arbitrary<AccessRequest> request() {
    Arbitrary<Instant> time =
        Arbitraries.oneOf(
            Arbitraries.longs()
                .between(1_767_225_600L, 1_798_761_600L) // 2026
                .map(Instant::ofEpochSecond),
            Arbitraries.of(
                    "2026-03-29T00:59:59Z",
                    "2026-03-29T01:00:00Z",
                    "2026-10-25T00:30:00Z",
                    "2026-10-25T01:30:00Z",
                    "2026-11-01T05:30:00Z",
                    "2026-03-08T07:00:00Z")
                .map(Instant::parse));
    Arbitrary<AccessRequest.Builder> who =
        Arbitraries.oneOf(
            Combinators.combine(
                    Arbitraries.of(EMAILS),
                    Arbitraries.subsetOf(GROUPS),
                    Arbitraries.of(IDPS),
                    Arbitraries.subsetOf(AMRS))
                .as((e, g, i, a) -> AccessRequest.builder("app").user(e).groups(g).idp(i).amr(a)),
            Arbitraries.of(TOKENS).map(t -> AccessRequest.builder("app").token(t)),
            Arbitraries.just(0).map(x -> AccessRequest.builder("app").anonymous()));
    return Combinators.combine(
            who,
            Arbitraries.of(IPS),
            Arbitraries.of(METHODS),
            Arbitraries.of(PATHS),
            time,
            Arbitraries.of(true, false))
        .as((b, ip, m, p, t, d) -> b.ip(ip).method(m).path(p).time(t).deviceManaged(d).build());
  }
}
