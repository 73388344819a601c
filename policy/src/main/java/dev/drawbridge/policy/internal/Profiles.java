package dev.drawbridge.policy.internal;

import dev.drawbridge.config.ApplicationConfig.ActionRule;
import dev.drawbridge.config.ApplicationConfig.ResourceRule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The built-in resource/action maps named by an application's {@code profile}. */
public final class Profiles {
  private Profiles() {}

  /**
   * The rules of one profile, and optionally a {@link PathClassifier} for what rules cannot say
   * (null when there is none).
   */
  public record Profile(
      List<ResourceRule> resources, List<ActionRule> actions, PathClassifier classifier) {
    public Profile(List<ResourceRule> resources, List<ActionRule> actions) {
      this(resources, actions, null);
    }
  }

  private static final List<String> WRITES = List.of("POST", "PUT", "DELETE");

  private static final ActionRule SCM_ADMIN =
      new ActionRule("admin", List.of("/rest/api/*/admin/**"), WRITES);

  private static final String REPO_ID = "{project}/{repo}";

  /**
   * Git smart HTTP on a clone URL without {@code .git} ({@code /scm/net/edge}), which Bitbucket
   * Server and git-http-backend accept as well: the same repository as {@code /scm/net/edge.git}.
   * Only the smart HTTP endpoints name a repository here, so other pages under the same prefix
   * (e.g. {@code /scm/net/edge/browse}) stay unclassified. These come after every {@code .git}
   * rule, so a path that one of those matches keeps its resource.
   */
  private static List<ResourceRule> smartHttpWithoutDotGit(String prefix) {
    String repo = prefix + "/{project}/{repo}/";
    return List.of(
        new ResourceRule(repo + "info/refs", REPO_ID),
        new ResourceRule(repo + "git-upload-pack", REPO_ID),
        new ResourceRule(repo + "git-receive-pack", REPO_ID));
  }

  @SafeVarargs
  private static <T> List<T> concat(List<T>... lists) {
    return Arrays.stream(lists).flatMap(List::stream).toList();
  }

  private static final Map<String, Profile> PROFILES =
      Map.of(
          "git",
          new Profile(
              concat(
                  List.of(
                      new ResourceRule("/scm/{project}/{repo}.git/**", REPO_ID),
                      new ResourceRule("/{project}/{repo}.git/**", REPO_ID)),
                  smartHttpWithoutDotGit("/scm"),
                  smartHttpWithoutDotGit("")),
              List.of(
                  new ActionRule(
                      "download",
                      List.of(
                          "/scm/*/*.git/git-upload-pack",
                          "/*/*.git/git-upload-pack",
                          "/scm/*/*/git-upload-pack",
                          "/*/*/git-upload-pack"),
                      List.of("POST")),
                  SCM_ADMIN)),
          "bitbucket",
          new Profile(
              concat(
                  List.of(new ResourceRule("/scm/{project}/{repo}.git/**", REPO_ID)),
                  smartHttpWithoutDotGit("/scm")),
              List.of(
                  new ActionRule(
                      "download",
                      List.of("/scm/*/*.git/git-upload-pack", "/scm/*/*/git-upload-pack"),
                      List.of("POST")),
                  SCM_ADMIN)),
          "confluence",
          new Profile(
              List.of(
                  new ResourceRule("/display/{space}/{page}", "{space}/{page}"),
                  new ResourceRule("/wiki/spaces/{space}/pages/{id}/**", "{space}/{id}")),
              List.of(new ActionRule("download", List.of("/download/**"), List.of()))),
          "jira",
          new Profile(
              List.of(
                  new ResourceRule("/browse/{issue}", "{issue}"),
                  new ResourceRule("/rest/api/*/issue/{issue}/**", "{issue}")),
              List.of(
                  new ActionRule("admin", List.of("/rest/api/*/user/**"), WRITES),
                  new ActionRule("admin", List.of("/secure/admin/**"), List.of()))),
          "gitlab",
          // a project can sit under any number of subgroups (group/sub1/sub2/project), which a
          // rule's one-segment captures cannot express: GitLabPaths names the project of web
          // (/…/project/-/…), clone (/…/project.git/…, /…/project/git-upload-pack) and API v4
          // (/api/v4/projects/group%2Fsub%2Fproject/…) paths and classifies clones, API archives
          // and the admin area
          new Profile(
              List.of(),
              List.of(new ActionRule("download", List.of("/**/-/archive/**"), List.of())),
              GitLabPaths.INSTANCE));

  /** The profile with this name, or null. */
  public static Profile get(String name) {
    return PROFILES.get(name);
  }

  public static java.util.Set<String> names() {
    return new java.util.TreeSet<>(PROFILES.keySet());
  }
}
