package dev.drawbridge.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionMatchingTest {
  private static SigmaRule rule(String detection) {
    String yaml =
        "title: t\nid: t\nlogsource:\n  product: drawbridge\ndetection:\n" + detection + "\n";
    return (SigmaRule) RuleLoader.parse(yaml, "t.yml").get(0);
  }

  private static Map<String, Object> ev(Object... kv) {
    Map<String, Object> e = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      e.put((String) kv[i], kv[i + 1]);
    }
    return e;
  }

  @Test
  void plainValuesMatchWholeStringsCaseInsensitively() {
    SigmaRule r = rule("  sel: {app: Git}\n  condition: sel");
    assertThat(r.matches(ev("app", "git"))).isTrue();
    assertThat(r.matches(ev("app", "gitlab"))).isFalse();
    assertThat(r.matches(ev())).isFalse();
  }

  @Test
  void containsStartswithEndswithAndCased() {
    assertThat(
            rule("  s: {path|contains: /Admin/}\n  condition: s").matches(ev("path", "/x/admin/y")))
        .isTrue();
    assertThat(rule("  s: {path|startswith: /scm}\n  condition: s").matches(ev("path", "/scm/a")))
        .isTrue();
    assertThat(rule("  s: {path|endswith: .git}\n  condition: s").matches(ev("path", "/a.git/x")))
        .isFalse();
    assertThat(
            rule("  s: {path|contains|cased: /Admin/}\n  condition: s")
                .matches(ev("path", "/x/admin/y")))
        .isFalse();
  }

  @Test
  void wildcardsInPlainValues() {
    SigmaRule r = rule("  s: {path: '/scm/*/repo?.git'}\n  condition: s");
    assertThat(r.matches(ev("path", "/scm/NET/repo1.git"))).isTrue();
    assertThat(r.matches(ev("path", "/scm/net/repo12.git"))).isFalse();
    assertThat(rule("  s: {path: 'a\\*b'}\n  condition: s").matches(ev("path", "a*b"))).isTrue();
    assertThat(rule("  s: {path: 'a\\*b'}\n  condition: s").matches(ev("path", "axxb"))).isFalse();
  }

  @Test
  void listValuesAreOredAndAllAndsThem() {
    SigmaRule any = rule("  s:\n    path|contains: [admin, settings]\n  condition: s");
    assertThat(any.matches(ev("path", "/settings"))).isTrue();
    SigmaRule all = rule("  s:\n    path|contains|all: [admin, settings]\n  condition: s");
    assertThat(all.matches(ev("path", "/settings"))).isFalse();
    assertThat(all.matches(ev("path", "/admin/settings"))).isTrue();
  }

  @Test
  void mapsAreAndedAndListsOfMapsAreOred() {
    SigmaRule r =
        rule(
            "  s:\n    - {app: git, action: download}\n    - {app: wiki, action: admin}\n"
                + "  condition: s");
    assertThat(r.matches(ev("app", "git", "action", "download"))).isTrue();
    assertThat(r.matches(ev("app", "wiki", "action", "admin"))).isTrue();
    assertThat(r.matches(ev("app", "git", "action", "admin"))).isFalse();
  }

  @Test
  void regularExpressionsFindAnywhereAndTakeFlags() {
    assertThat(
            rule("  s: {path|re: '^/scm/[a-z]+/'}\n  condition: s")
                .matches(ev("path", "/scm/net/x")))
        .isTrue();
    assertThat(rule("  s: {path|re: 'ADMIN'}\n  condition: s").matches(ev("path", "/admin")))
        .isFalse();
    assertThat(rule("  s: {path|re|i: 'ADMIN'}\n  condition: s").matches(ev("path", "/admin")))
        .isTrue();
  }

  @Test
  void cidrMatchesIpv4AndIpv6() {
    SigmaRule r = rule("  s:\n    src_ip|cidr: [10.0.0.0/8, '2001:db8::/32']\n  condition: s");
    assertThat(r.matches(ev("src_ip", "10.1.2.3"))).isTrue();
    assertThat(r.matches(ev("src_ip", "2001:db8::1"))).isTrue();
    assertThat(r.matches(ev("src_ip", "::ffff:10.9.9.9"))).isTrue();
    assertThat(r.matches(ev("src_ip", "192.0.2.1"))).isFalse();
    assertThat(r.matches(ev("src_ip", "not-an-ip"))).isFalse();
  }

  @Test
  void nullNumbersAndBooleans() {
    assertThat(rule("  s: {resource: null}\n  condition: s").matches(ev("app", "x"))).isTrue();
    assertThat(rule("  s: {resource: null}\n  condition: s").matches(ev("resource", "r")))
        .isFalse();
    SigmaRule status = rule("  s: {status: 403}\n  condition: s");
    assertThat(status.matches(ev("status", 403))).isTrue();
    assertThat(status.matches(ev("status", 403.0))).isTrue();
    assertThat(status.matches(ev("status", "403"))).isTrue();
    assertThat(status.matches(ev("status", 404))).isFalse();
    SigmaRule bool = rule("  s: {new_network: true}\n  condition: s");
    assertThat(bool.matches(ev("new_network", true))).isTrue();
    assertThat(bool.matches(ev("new_network", false))).isFalse();
    assertThat(
            rule("  s: {credential_idle_days|gt: 30}\n  condition: s")
                .matches(ev("credential_idle_days", 30)))
        .isFalse();
    assertThat(rule("  s: {resource|exists: true}\n  condition: s").matches(ev("resource", "r")))
        .isTrue();
  }

  @Test
  void listValuedEventFieldsMatchWhenAnyElementDoes() {
    SigmaRule r = rule("  s: {amr: hwk}\n  condition: s");
    assertThat(r.matches(ev("amr", List.of("pwd", "hwk")))).isTrue();
    assertThat(r.matches(ev("amr", List.of("pwd")))).isFalse();
  }

  @Test
  void conditionPrecedenceNotThenAndThenOr() {
    String sels = "  a: {x: 1}\n  b: {y: 1}\n  c: {z: 1}\n";
    SigmaRule r = rule(sels + "  condition: a or b and not c");
    assertThat(r.matches(ev("x", 1, "z", 1))).isTrue();
    assertThat(r.matches(ev("y", 1, "z", 1))).isFalse();
    SigmaRule p = rule(sels + "  condition: (a or b) and not c");
    assertThat(p.matches(ev("x", 1, "z", 1))).isFalse();
    assertThat(p.matches(ev("y", 1))).isTrue();
  }

  @Test
  void quantifiersOverPatternsAndThem() {
    String sels = "  sel_a: {x: 1}\n  sel_b: {y: 1}\n  _helper: {z: 1}\n";
    assertThat(rule(sels + "  condition: 1 of sel_*").matches(ev("y", 1))).isTrue();
    assertThat(rule(sels + "  condition: all of sel_*").matches(ev("y", 1))).isFalse();
    assertThat(rule(sels + "  condition: all of sel_*").matches(ev("x", 1, "y", 1))).isTrue();
    assertThat(rule(sels + "  condition: 1 of them").matches(ev("z", 1))).isFalse();
    assertThat(rule(sels + "  condition: all of them").matches(ev("x", 1, "y", 1))).isTrue();
    assertThat(rule(sels + "  condition: not 1 of sel_* and _helper").matches(ev("z", 1))).isTrue();
  }
}
