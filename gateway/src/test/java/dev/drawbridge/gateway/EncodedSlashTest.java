package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An encoded slash ({@code %2F}) is refused with 400 (a path could be decided as one thing and
 * served as another), except for an application with the {@code gitlab} profile: GitLab's API names
 * a project as {@code group%2Fproject}, so there the escape stays part of its segment — for the
 * policy and on the way upstream — and is never taken for a separator (no dot segment is removed
 * across it). An encoded backslash is refused everywhere.
 */
class EncodedSlashTest {
  TestUpstream upstream;
  TestGateway gw;

  @BeforeEach
  void start() throws Exception {
    upstream = new TestUpstream();
    gw = new TestGateway(upstream.url());
  }

  @AfterEach
  void stop() {
    gw.close();
    upstream.close();
  }

  private String get(String host, String target) throws Exception {
    return gw.raw("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  @Test
  void aGitlabApplicationGetsTheEncodedProjectPathAsItCame() throws Exception {
    String resp =
        get("gitlab.test", "/api/v4/projects/group%2fsub%2Fproject/repository/archive?sha=main");
    assertThat(resp)
        .startsWith("HTTP/1.1 200")
        .contains("GET /api/v4/projects/group%2Fsub%2Fproject/repository/archive?sha=main\n");
    assertThat(gw.recorded)
        .containsExactly(
            "allow bypass 200 /api/v4/projects/group%2Fsub%2Fproject/repository/archive");
  }

  @Test
  void noDotSegmentIsRemovedAcrossAnEncodedSlash() throws Exception {
    String resp = get("gitlab.test", "/group/x%2F..%2F..%2Fadmin/y/../z");
    assertThat(resp).startsWith("HTTP/1.1 200").contains("GET /group/x%2F..%2F..%2Fadmin/z\n");
  }

  @Test
  void otherApplicationsAndEncodedBackslashesAreStillRefused() throws Exception {
    assertThat(get("wiki.test", "/api/v4/projects/group%2Fproject")).startsWith("HTTP/1.1 400");
    assertThat(get("gitlab.test", "/group/a%5Cb")).startsWith("HTTP/1.1 400");
    assertThat(get("gitlab.test", "/group/a%2Fb;x")).startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).isEmpty();
  }
}
