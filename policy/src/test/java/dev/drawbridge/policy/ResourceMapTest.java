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

  @ParameterizedTest
  @CsvSource({
    // clones with and without .git, at any depth
    "GET, /group/sub/project.git/info/refs?service=git-upload-pack, group/sub/project, view",
    "POST, /group/sub1/sub2/project.git/git-upload-pack, group/sub1/sub2/project, download",
    "GET, /group/sub1/sub2/project/info/refs?service=git-upload-pack, group/sub1/sub2/project, view",
    "POST, /group/sub1/sub2/project/git-upload-pack, group/sub1/sub2/project, download",
    "POST, /a/b/c/d/e/f/g/project.git/git-upload-pack, a/b/c/d/e/f/g/project, download",
    "GET, /group/sub/project.git, group/sub/project, view",
    // pushes
    "POST, /group/sub1/sub2/project.git/git-receive-pack, group/sub1/sub2/project, write",
    "POST, /group/sub1/sub2/project/git-receive-pack, group/sub1/sub2/project, write",
    "GET, /group/sub/project/info/refs?service=git-receive-pack, group/sub/project, view",
    // web archives, raw files and browsing
    "GET, /group/sub/project/-/archive/main/project-main.zip, group/sub/project, download",
    "GET, /group/sub1/sub2/project/-/archive/v1.0/project-v1.0.tar.gz, group/sub1/sub2/project,"
        + " download",
    "GET, /group/sub/project/-/raw/main/README.md, group/sub/project, view",
    "GET, /group/sub/project/-/blob/main/lib/x.git/info/refs, group/sub/project, view",
    "GET, /group/sub/project/-/tree/main, group/sub/project, view",
    "GET, /group/sub/project/-/settings/repository, group/sub/project, view",
    "POST, /group/sub/project/-/settings/repository, group/sub/project, write",
    // API v4: URL-encoded path or numeric id
    "GET, /api/v4/projects/group%2Fsub%2Fproject/repository/archive, group/sub/project, download",
    "GET, /api/v4/projects/group%2fsub1%2fsub2%2Fproject/repository/archive.zip?sha=main,"
        + " group/sub1/sub2/project, download",
    "GET, /api/v4/projects/group%2Fproject/repository/archive.tar.gz, group/project, download",
    "GET, /api/v4/projects/42/repository/archive, projects/42, download",
    "GET, /api/v4/projects/42/snapshot, projects/42, download",
    "GET, /api/v4/projects/group%2Fsub%2Fproject/repository/files/README.md/raw, group/sub/project,"
        + " view",
    "GET, /api/v4/projects/group%2Fsub%2Fproject, group/sub/project, view",
    "POST, /api/v4/projects/42/archive, projects/42, write",
    // the admin area and admin-only API writes
    "GET, /admin/users, , admin",
    "POST, /admin/users, , admin",
    "GET, /admin, , admin",
    "POST, /api/v4/users, , admin",
    "POST, /api/v4/users/7/impersonation_tokens, , admin",
    "PUT, /api/v4/application/settings, , admin",
    "GET, /api/v4/users, , view",
    "POST, /api/v4/user/keys, , write",
  })
  void gitlabProjectsInSubgroupsAreNamedByTheirFullPath(
      String method, String path, String resource, String action) {
    assertThat(profile("gitlab").classify(method, path))
        .isEqualTo(new Classification(resource, action));
  }

  @ParameterizedTest
  @CsvSource({
    "GET, /users/sign_in",
    "POST, /users/sign_in",
    "GET, /dashboard/projects",
    "GET, /explore",
    "GET, /explore/projects/starred",
    "GET, /-/profile",
    "GET, /-/profile/keys",
    "GET, /groups/group/sub/-/group_members",
    "GET, /groups/group/-/milestones",
    "GET, /users/someone/-/snippets",
    "GET, /help/user/index.md",
    "GET, /group/sub/project",
    "GET, /group",
    "GET, /group/-/settings",
    "POST, /group.git/git-upload-pack",
    "POST, /group/git-upload-pack",
    "GET, /api/v4/projects",
    "GET, /api/v4/projects/project/repository/archive",
    "GET, /api/v4/projects/group%2F%2Fproject/repository/archive",
    "GET, /api/v4/projects/api%2Fproject/repository/archive",
    "GET, /api/v4/groups/group%2Fsub/projects",
    "GET, /group//project/-/tree/main",
  })
  void gitlabPathsThatAreNoProjectHaveNoResource(String method, String path) {
    String byMethod = "GET".equals(method) ? "view" : "write";
    assertThat(profile("gitlab").classify(method, path))
        .isEqualTo(new Classification(null, byMethod));
  }

  @Test
  void gitlabLongPathsClassifyWithoutBlowingUp() {
    String deep = "/g" + "/s".repeat(5_000) + "/project.git/git-upload-pack";
    assertThat(profile("gitlab").classify("POST", deep).action()).isEqualTo("download");
    String noProject = "/g" + "/s".repeat(5_000) + "/x";
    assertThat(profile("gitlab").classify("GET", noProject))
        .isEqualTo(new Classification(null, "view"));
    assertThat(profile("gitlab").actionNames()).containsExactlyInAnyOrder("download", "admin");
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
