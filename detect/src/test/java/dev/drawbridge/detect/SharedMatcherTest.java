package dev.drawbridge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.detect.match.EventPredicate;
import dev.drawbridge.detect.match.EventView;
import dev.drawbridge.detect.match.SharedMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedMatcherTest {
  private static final String[] USER_DETECTIONS = {
    "  sel: {event: access, path|contains: /admin/}\n  f: {principal_type: anonymous}\n"
        + "  condition: sel and not f",
    "  sel: {event: access, path|re: '^/scm/[a-z]+/secret'}\n  condition: sel",
    "  sel: {event: access, path|re|i: 'SECRET$'}\n  condition: sel",
    "  sel: {event: access, src_ip|cidr: [203.0.113.0/24, '2001:db8::/32']}\n  condition: sel",
    "  sel: {event: access, path: '/wiki/*/export*'}\n  condition: sel",
    "  sel: {user_agent|contains|all: [python, requests]}\n  condition: sel",
    "  sel: {status: 500}\n  other: {status|gte: 400, status|lt: 500}\n  condition: 1 of them",
    "  a: {new_network: true}\n  b: {principal_type: service}\n  condition: all of them",
    "  a: {resource|exists: false}\n  b: {principal: null}\n  condition: a or b",
    "  a: {amr: hwk}\n  b: {amr: null}\n  condition: a and not b",
    "  s1: {app: [git, wiki]}\n  s2: {method|startswith: P}\n  condition: (s1 or s2) and not s1",
    "  sel:\n    - {app|endswith: IT, decision: deny}\n    - {device.os: linux}\n  condition: sel",
  };

  private static List<Rule> rules() {
    List<Rule> rules = new ArrayList<>(BuiltinRules.pack());
    StringBuilder y = new StringBuilder();
    for (int i = 0; i < USER_DETECTIONS.length; i++) {
      y.append(i == 0 ? "" : "---\n")
          .append("title: r")
          .append(i)
          .append("\nid: r")
          .append(i)
          .append("\nlogsource: {product: drawbridge}\ndetection:\n")
          .append(USER_DETECTIONS[i])
          .append('\n');
    }
    rules.addAll(RuleLoader.parse(y.toString(), "shared.yml"));
    return rules;
  }

  private static List<SigmaRule> detections(List<Rule> rules) {
    List<SigmaRule> out = new ArrayList<>();
    for (Rule r : rules) {
      if (r instanceof SigmaRule) {
        out.add((SigmaRule) r);
      }
    }
    return out;
  }

  private static SharedMatcher shared(List<SigmaRule> rules, EventView view) {
    List<EventPredicate> ps = new ArrayList<>();
    for (SigmaRule r : rules) {
      ps.add(r.predicate());
    }
    return new SharedMatcher(ps, view);
  }

  private static Object pick(Random r, Object... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static Map<String, Object> randomEvent(Random r) {
    Map<String, Object> e = new HashMap<>();
    Object[][] fields = {
      {"event", "access", "ACCESS", "login", null},
      {"principal", "alice", "svc-ci", null},
      {"principal_type", "user", "service", "anonymous", "Anonymous"},
      {"decision", "allow", "deny"},
      {"action", "view", "download", "admin", "write"},
      {"reason", "credential_revoked", "locked", "Credential_Exposed"},
      {"app", "git", "GIT", "wiki", "jenkins"},
      {"path", "/scm/proj/secret", "/wiki/space/export.pdf", "/x/ADMIN/y", "/scm/Proj/secret"},
      {"src_ip", "203.0.113.9", "10.0.0.1", "2001:db8::7", "::ffff:203.0.113.1", "nonsense"},
      {"user_agent", "python-requests/2.31", "Python requests", "git/2.43", "curl"},
      {"status", 200, 403, 500, "500", 499.0, "x"},
      {"method", "POST", "PUT", "GET"},
      {"credential_idle_days", 0, 29, 30, 45, "31"},
      {"new_network", true, false, "true", "TRUE"},
      {"resource", "proj/a", ""},
      {"amr", List.of("hwk"), List.of(), List.of("pwd", "HWK"), "hwk"},
      {"device", Map.of("os", "linux"), "managed"},
    };
    for (Object[] f : fields) {
      if (r.nextInt(6) > 0) {
        e.put((String) f[0], f[1 + r.nextInt(f.length - 1)]);
      }
    }
    return e;
  }

  @Test
  void answersAsEachRuleDoesOnItsOwn() {
    List<SigmaRule> rules = detections(rules());
    EventView view = new EventView();
    SharedMatcher shared = shared(rules, view);
    Random r = new Random(7);
    int hits = 0;
    for (int n = 0; n < 20_000; n++) {
      Map<String, Object> e = randomEvent(r);
      boolean[] matched = new boolean[rules.size()];
      view.reset(e);
      boolean any = shared.match(matched);
      boolean expectedAny = false;
      for (int i = 0; i < rules.size(); i++) {
        boolean expected = rules.get(i).matches(e);
        assertThat(matched[i]).as("%s on %s", rules.get(i).id(), e).isEqualTo(expected);
        expectedAny |= expected;
        hits += expected ? 1 : 0;
      }
      assertThat(any).isEqualTo(expectedAny);
    }
    assertThat(hits).isGreaterThan(20_000);
  }

  @Test
  void computesAShareableCheckOncePerEvent() {
    List<Rule> rules =
        RuleLoader.parse(
            "title: a\nid: a\nlogsource: {product: drawbridge}\ndetection:\n"
                + "  s: {event: access, app: git}\n  n: {principal: null}\n  condition: s and not n\n"
                + "---\ntitle: b\nid: b\nlogsource: {product: drawbridge}\ndetection:\n"
                + "  s: {event: access, app: Git}\n  n: {principal: null}\n  condition: s and not n\n",
            "t.yml");
    SharedMatcher shared = shared(detections(rules), new EventView());
    // event: access and principal: null are shared; app: git and app: Git are different checks
    assertThat(shared.distinctChecks()).isEqualTo(4);
    SharedMatcher pack = shared(detections(BuiltinRules.pack()), new EventView());
    assertThat(pack.distinctChecks()).isLessThan(20);
  }

  @Test
  void rulesWithDifferentThresholdsDoNotShareTheirBound() {
    SigmaRule dormant =
        (SigmaRule)
            BuiltinRules.pack().stream()
                .filter(r -> r.id().equals("drawbridge.dormant-credential-reuse"))
                .findFirst()
                .orElseThrow();
    List<SigmaRule> both = List.of(dormant, dormant.withThreshold(60));
    EventView view = new EventView();
    SharedMatcher shared = shared(both, view);
    boolean[] matched = new boolean[2];
    view.reset(Map.of("event", "access", "credential_idle_days", 45));
    shared.match(matched);
    assertThat(matched).containsExactly(true, false);
  }

  @Test
  void theEngineReadsEachFieldOfAnEventOnce() {
    Map<Object, Integer> gets = new HashMap<>();
    Map<String, Object> e =
        new HashMap<>(Events.access(0, "principal", "alice", "resource", "r", "app", "git")) {
          @Override
          public Object get(Object key) {
            gets.merge(key, 1, Integer::sum);
            return super.get(key);
          }
        };
    List<Rule> all = new ArrayList<>(rules());
    new DetectionEngine(all, EngineLimits.defaults()).onEvent(e);
    assertThat(gets).isNotEmpty();
    assertThat(gets.values()).allMatch(n -> n == 1);
  }
}
