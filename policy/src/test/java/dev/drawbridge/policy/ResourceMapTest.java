package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.ApplicationConfig.ActionRule;
import dev.drawbridge.config.ApplicationConfig.ResourceRule;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceMapTest {
  private static ResourceMap profile(String name) {
    return ResourceMap.compile(app("x", name, List.of(), List.of()));
  }

  @ParameterizedTest
  @CsvSource({
    "git, GET, /scm/net/edge.git/info/refs?service=git-upload-pack, net/edge, view",
    "git, POST, /scm/net/edge.git/git-upload-pack, net/edge, download",
    "git, POST, /net/edge.git/git-upload-pack, net/edge, download",
    "git, POST, /scm/net/edge.git/git-receive-pack, net/edge, write",
    "git, DELETE, /rest/api/1.0/admin/users, , admin",
    "git, GET, /rest/api/1.0/admin/users, , view",
    "bitbucket, POST, /net/edge.git/git-upload-pack, , write",
    "bitbucket, POST, /scm/net/edge.git/git-upload-pack, net/edge, download",
    "confluence, GET, /display/ENG/Runbook, ENG/Runbook, view",
    "confluence, GET, /wiki/spaces/ENG/pages/12345/Runbook, ENG/12345, view",
    "confluence, GET, /download/attachments/1/x.pdf, , download",
    "jira, GET, /browse/SEC-1, SEC-1, view",
    "jira, PUT, /rest/api/2/issue/SEC-1, SEC-1, write",
    "jira, GET, /rest/api/2/issue/SEC-1/comment, SEC-1, view",
    "jira, POST, /rest/api/2/user/password, , admin",
    "jira, GET, /secure/admin/ViewApplicationProperties.jspa, , admin",
    "gitlab, GET, /net/edge/-/tree/main, net/edge, view",
    "gitlab, GET, /net/edge/-/archive/main/edge-main.zip, net/edge, download",
    "gitlab, POST, /net/edge.git/git-upload-pack, net/edge, download",
    "gitlab, GET, /net/edge.git/info/refs?service=git-upload-pack, net/edge, view",
    "gitlab, POST, /net/edge/git-upload-pack, net/edge, download",
    "gitlab, GET, /net/edge/info/refs?service=git-upload-pack, net/edge, view",
    "gitlab, GET, /net/edge/-/merge_requests, net/edge, view",
  })
  void profilesClassifyResourcesAndActions(
      String profile, String method, String path, String resource, String action) {
    assertThat(profile(profile).classify(method, path))
        .isEqualTo(new Classification(resource, action));
  }

  @ParameterizedTest
  @CsvSource({
    "git, GET, /scm/net/edge/info/refs?service=git-upload-pack, net/edge, view",
    "git, POST, /scm/net/edge/git-upload-pack, net/edge, download",
    "git, POST, /scm/net/edge/git-receive-pack, net/edge, write",
    "git, GET, /net/edge/info/refs?service=git-upload-pack, net/edge, view",
    "git, POST, /net/edge/git-upload-pack, net/edge, download",
    "git, POST, /net/edge/git-receive-pack, net/edge, write",
    "bitbucket, GET, /scm/net/edge/info/refs?service=git-upload-pack, net/edge, view",
    "bitbucket, GET, /scm/net/edge/info/refs?service=git-receive-pack, net/edge, view",
    "bitbucket, POST, /scm/net/edge/git-upload-pack, net/edge, download",
    "bitbucket, POST, /scm/net/edge/git-receive-pack, net/edge, write",
  })
  void cloneUrlsWithoutDotGitClassifyAsWithDotGit(
      String profile, String method, String path, String resource, String action) {
    ResourceMap m = profile(profile);
    String withDotGit = path.replaceFirst("^(/(?:scm/)?[^/]+/[^/]+)/", "$1.git/");
    assertThat(withDotGit).contains("/edge.git/");
    assertThat(m.classify(method, path))
        .isEqualTo(new Classification(resource, action))
        .isEqualTo(m.classify(method, withDotGit));
  }

  @ParameterizedTest
  @CsvSource({
    "git, GET, /scm/net/edge/browse",
    "git, POST, /scm/net/edge/browse",
    "git, POST, /scm/net/edge/raw/git-upload-pack",
    "bitbucket, GET, /scm/net/edge",
    "bitbucket, GET, /scm/net/edge/browse",
    "bitbucket, POST, /scm/net/edge/browse",
    "bitbucket, GET, /scm/net/edge/info/refs/extra",
    "bitbucket, POST, /scm/net/edge/raw/git-upload-pack",
    "bitbucket, POST, /scm/net/git-upload-pack",
    "bitbucket, POST, /net/edge/git-upload-pack",
  })
  void otherPathsUnderScmStayUnclassified(String profile, String method, String path) {
    String byMethod = "GET".equals(method) ? "view" : "write";
    assertThat(profile(profile).classify(method, path))
        .isEqualTo(new Classification(null, byMethod));
  }

  @Test
  void ownRulesComeBeforeTheProfile() {
    ResourceMap m =
        ResourceMap.compile(
            app(
                "x",
                "git",
                List.of(new ResourceRule("/scm/{project}/{repo}.git/**", "repo:{project}-{repo}")),
                List.of(
                    new ActionRule("admin", List.of("/scm/*/*.git/git-upload-pack"), List.of()))));
    assertThat(m.classify("POST", "/scm/net/edge.git/git-upload-pack"))
        .isEqualTo(new Classification("repo:net-edge", "admin"));
    assertThat(m.classify("POST", "/net/edge.git/git-upload-pack"))
        .isEqualTo(new Classification("net/edge", "download"));
    assertThat(m.actionNames()).containsExactlyInAnyOrder("admin", "download");
  }

  @Test
  void withoutRulesGetIsViewAndEverythingElseWrite() {
    ResourceMap m = ResourceMap.compile(app("x", null, List.of(), List.of()));
    assertThat(m.classify("HEAD", "/a")).isEqualTo(new Classification(null, "view"));
    assertThat(m.classify("PATCH", "/a")).isEqualTo(new Classification(null, "write"));
  }

  @Test
  void badRulesNameTheirKeyPath() {
    assertThatThrownBy(
            () ->
                ResourceMap.compile(
                    app(
                        "x",
                        null,
                        List.of(new ResourceRule("/scm/{project}/**", "{repo}")),
                        List.of(new ActionRule("steal", List.of("/**"), List.of())))))
        .hasMessageContaining("applications[0].resources[0].id: \"{repo}\" names {repo}")
        .hasMessageContaining("applications[0].actions[0].name: \"steal\" is not an action");
  }
}
