package dev.drawbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleAppsTest {
  @TempDir static Path dir;
  static SampleApps apps;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws IOException {
    apps = SampleApps.start(dir, SampleApps.Options.defaults());
  }

  @AfterAll
  static void stop() {
    apps.close();
  }

  static HttpResponse<String> send(String app, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(apps.upstreams().get(app) + path))
            .timeout(Duration.ofSeconds(10));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Process git(Path cwd, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    return pb.start();
  }

  static String run(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void servesThreeHundredRepositoriesWrittenOnFirstUse() {
    assertThat(apps.repositories()).hasSize(300).contains("net/repo-001", "infra/repo-100");
    assertThat(apps.repositoryGenerationTime()).isEqualTo(Duration.ZERO);
    assertThat(apps.repositoriesGenerated()).isLessThan(300);
  }

  @Test
  void eagerGenerationWritesEveryRepositoryQuickly(@TempDir Path other) throws IOException {
    // 60 rather than 300 keeps the suite fast on a shared machine (deleting the temp dir costs
    // more than writing it); 300 measured 1.4-3.8 s on 2 loaded cores.
    var options = new SampleApps.Options(List.of("a", "b", "c"), 20, "git", true);
    try (SampleApps eager = SampleApps.start(other, options)) {
      assertThat(eager.repositoriesGenerated()).isEqualTo(60);
      assertThat(eager.repositoryGenerationTime()).isLessThan(Duration.ofSeconds(4));
      assertThat(other.resolve("repositories/c/repo-020.git/packed-refs")).exists();
    }
  }

  @Test
  void generatedRepositoryPassesGitFsck() throws Exception {
    Path repo = apps.repository("edge/repo-042");
    run(git(repo, "--git-dir=" + repo, "fsck", "--strict"));
    assertThat(run(git(repo, "--git-dir=" + repo, "log", "--format=%s", "main")))
        .contains("Initial commit of edge/repo-042");
  }

  @Test
  void realGitClientClonesOverSmartHttp() throws Exception {
    Path target = dir.resolve("clone-net-001");
    String url = apps.upstreams().get("git") + "/scm/net/repo-001.git";
    run(git(dir, "clone", "--quiet", url, target.toString()));
    assertThat(Files.readString(target.resolve("README.md"))).contains("# net/repo-001");
  }

  @Test
  void cloneOfAnUnknownRepositoryFails() throws Exception {
    Process p = git(dir, "clone", "--quiet", apps.upstreams().get("git") + "/scm/net/nope.git");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isNotZero();
    assertThat(out).contains("not found");
  }

  @Test
  void pushIsRefused() throws Exception {
    Path work = dir.resolve("push-work");
    String url = apps.upstreams().get("git") + "/scm/net/repo-002.git";
    run(git(dir, "clone", "--quiet", url, work.toString()));
    Files.writeString(work.resolve("x.txt"), "x");
    run(git(work, "add", "x.txt"));
    run(git(work, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "x"));
    Process p = git(work, "push", "origin", "HEAD:main");
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isNotZero();
  }

  @Test
  void listsRepositoriesBitbucketStyleWithPaging() throws Exception {
    HttpResponse<String> r = send("git", "GET", "/rest/api/1.0/projects/NET/repos?limit=40", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("values")).hasSize(40);
    assertThat(body.get("isLastPage").asBoolean()).isFalse();
    assertThat(body.get("nextPageStart").asInt()).isEqualTo(40);
    assertThat(body.at("/values/0/links/clone/0/href").asText()).endsWith("/scm/net/repo-001.git");
  }

  @Test
  void trackerCreatesAndFindsUsers() throws Exception {
    HttpResponse<String> created =
        send(
            "jira",
            "POST",
            "/rest/api/2/user",
            "{\"name\":\"backup-admin\",\"emailAddress\":\"b@evil.example\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(apps.createdUsers()).extracting(u -> u.get("name")).contains("backup-admin");
    HttpResponse<String> found =
        send("jira", "GET", "/rest/api/2/user?username=backup-admin", null);
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.body()).contains("b@evil.example");
    assertThat(send("jira", "GET", "/rest/api/2/user?username=nobody", null).statusCode())
        .isEqualTo(404);
    assertThat(send("jira", "POST", "/rest/api/2/user", "not json").statusCode()).isEqualTo(400);
  }

  @Test
  void servesWikiTrackerAndAdminPages() throws Exception {
    assertThat(send("wiki", "GET", "/display/ENG/Runbook-3", null).body()).contains("Runbook-3");
    assertThat(send("wiki", "GET", "/rest/api/content?limit=5", null).body())
        .contains("\"size\":5");
    assertThat(send("jira", "GET", "/browse/NET-12", null).statusCode()).isEqualTo(200);
    assertThat(send("jira", "GET", "/rest/api/2/issue/NET-12", null).body()).contains("NET-12");
    assertThat(send("admin", "GET", "/admin/sso", null).body()).contains("Admin console");
    assertThat(send("admin", "GET", "/etc/passwd", null).statusCode()).isEqualTo(404);
    assertThat(apps.requestCount("admin")).isGreaterThanOrEqualTo(2);
  }
}
