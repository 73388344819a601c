package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.policy.RequestTarget;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The offline tools ({@code policy explain}, {@code policy test}, the console's test form) decide
 * on {@link RequestTarget#parse}; this feeds one corpus of targets through a real gateway and
 * through it, and requires the same answer: the path a policy sees, or a 400 for the same targets.
 */
class OfflineNormalizationTest {
  static final List<String> CORPUS =
      List.of(
          "/",
          "/a",
          "/a/../private/x",
          "//private//x",
          "/a/./b/.",
          "/%2e%2e/private",
          "/%2E%2e/%2e/x",
          "/a/%2fprivate",
          "/a%5cb",
          "/%c0%ae%c0%ae/private/x",
          "/caf%c3%a9",
          "/%ed%a0%80",
          "/a;jsessionid=1",
          "/a/..;/private",
          "/x?y=/../z",
          "/%7euser/%41",
          "/a%00b",
          "/a%zz",
          "/a%2",
          "/../../../etc/passwd",
          "/a/b/../../../c/",
          "/%252e%252e/x",
          "/%f0%9f%94%91",
          "/%e2%82",
          "/a/.%2e/b");

  @Test
  void theGatewayAndTheOfflineToolsReadEveryTargetAlike() throws Exception {
    try (TestUpstream upstream = new TestUpstream();
        TestGateway gw = new TestGateway(upstream.url())) {
      List<String> decided = new CopyOnWriteArrayList<>();
      gw.decider =
          r -> {
            decided.add(r.path());
            return Verdict.deny("test");
          };
      for (String target : CORPUS) {
        decided.clear();
        String resp =
            gw.raw("GET " + target + " HTTP/1.1\r\nHost: wiki.test\r\nConnection: close\r\n\r\n");
        RequestTarget offline = RequestTarget.parse(target);
        if (offline.ok()) {
          assertThat(resp).as(target).startsWith("HTTP/1.1 403");
          assertThat(decided).as(target).containsExactly(offline.path());
        } else {
          assertThat(resp).as(target).startsWith("HTTP/1.1 400");
          assertThat(decided).as(target).isEmpty();
        }
      }
    }
  }
}
