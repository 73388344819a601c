package dev.drawbridge.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.policy.internal.PathGlob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathGlobTest {
  @ParameterizedTest
  @CsvSource({
    "/scm/**, /scm, true",
    "/scm/**, /scm/, true",
    "/scm/**, /scm/a/b/c, true",
    "/scm/**, /scmx, false",
    "/scm/**, /other/scm, false",
    "/**, /, true",
    "/**, /anything/at/all, true",
    "/scm/*/*.git/git-upload-pack, /scm/net/edge.git/git-upload-pack, true",
    "/scm/*/*.git/git-upload-pack, /scm/net/sub/edge.git/git-upload-pack, false",
    "/scm/*/*.git/git-upload-pack, /scm//edge.git/git-upload-pack, false",
    "/scm/*/*.git/git-upload-pack, /scm/net/.git/git-upload-pack, true",
    "/rest/api/*/admin/**, /rest/api/1.0/admin/users, true",
    "/rest/api/*/admin/**, /rest/api/admin/users, false",
    "/**/-/archive/**, /group/project/-/archive/main.zip, true",
    "/**/-/archive/**, /-/archive/x, true",
    "/**/-/archive/**, /group/project/-/tree/main, false",
    "/a/**/b, /a/b, true",
    "/a/**/b, /a/x/y/b, true",
    "/a/**/b, /a/x/y/c, false",
    "/exact, /exact, true",
    "/exact, /exact/, false",
    "/*, /, false",
    "/*, /x, true",
    "/*.css, /site.css, true",
    "/*.css, /a/site.css, false",
  })
  void globsMatchSegmentsAndAnyDepth(String pattern, String path, boolean expected) {
    assertThat(PathGlob.compile(pattern, false).matches(path)).isEqualTo(expected);
  }

  @Test
  void capturesNameWholeAndPartialSegments() {
    PathGlob g = PathGlob.compile("/scm/{project}/{repo}.git/**", true);
    assertThat(g.capture("/scm/net/edge.git/info/refs")).containsExactly("net", "edge");
    assertThat(g.capture("/scm/net/my.repo.git/x")).containsExactly("net", "my.repo");
    assertThat(g.capture("/scm/net/.git/x")).isNull();
    assertThat(g.captureNames()).containsExactly("project", "repo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"scm/**", "/a**", "/a/{x", "/a/{}", "/a/}", "/a?b=c", "/{x}/{x}"})
  void badPatternsAreRejectedWithAReason(String pattern) {
    assertThatThrownBy(() -> PathGlob.compile(pattern, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(pattern);
  }

  @Test
  void capturesAreRejectedInPolicyPaths() {
    assertThatThrownBy(() -> PathGlob.compile("/scm/{p}/**", false))
        .hasMessageContaining("only allowed in resources");
  }
}
