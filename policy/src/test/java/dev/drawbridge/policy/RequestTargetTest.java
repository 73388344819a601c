package dev.drawbridge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {
  @Test
  void splitsTheQueryAndNormalizesThePath() {
    RequestTarget t = RequestTarget.parse("/a/./b/../c?x=1&y=/../z");
    assertThat(t.ok()).isTrue();
    assertThat(t.path()).isEqualTo("/a/c");
    assertThat(t.query()).isEqualTo("x=1&y=/../z");
  }

  @Test
  void refusesWhatTheDataPlaneRefuses() {
    for (String bad :
        new String[] {
          "/a#frag", "/a%2fb", "/a\\b", "/%c0%ae%c0%ae/x", "/%ed%a0%80", "/%e2%82", "/a;b", "x"
        }) {
      RequestTarget t = RequestTarget.parse(bad);
      assertThat(t.ok()).as(bad).isFalse();
      assertThat(t.problem()).as(bad).isNotBlank();
    }
    assertThat(RequestTarget.refused().reason()).isEqualTo("bad_request");
  }

  @Test
  void acceptsWellFormedUtf8Escapes() {
    assertThat(RequestTarget.parse("/caf%c3%a9/%F0%9F%94%91").path())
        .isEqualTo("/caf%C3%A9/%F0%9F%94%91");
  }
}
