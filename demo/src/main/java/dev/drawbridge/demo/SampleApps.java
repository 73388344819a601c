package dev.drawbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's upstream applications, each a small real HTTP server on {@code 127.0.0.1:0}: a wiki
 * ({@code wiki}), an issue tracker with a user-administration API ({@code jira}), a source-control
 * server with real git repositories over smart HTTP ({@code git}) and an admin console ({@code
 * admin}). The map keys are the application ids {@link DemoConfig} uses.
 */
public final class SampleApps implements AutoCloseable {
  public static final String WIKI = "wiki";
  public static final String JIRA = "jira";
  public static final String GIT = "git";
  public static final String ADMIN = "admin";

  /**
   * What to serve. {@code git} is the git executable, e.g. {@code /usr/bin/git}; {@code eager}
   * writes every repository at start instead of on its first request.
   */
  public record Options(List<String> projects, int reposPerProject, String git, boolean eager) {
    public Options {
      projects = List.copyOf(projects);
      if (reposPerProject < 1 || reposPerProject > 999) {
        throw new IllegalArgumentException(
            "reposPerProject: " + reposPerProject + " (expected: 1-999)");
      }
    }

    /** 3 projects (net, edge, infra) × 100 repositories, git from the PATH. */
    public static Options defaults() {
      return new Options(List.of("net", "edge", "infra"), 100, "git", false);
    }

    public Options withEager(boolean eager) {
      return new Options(projects, reposPerProject, git, eager);
    }
  }

  private final Map<String, HttpServer> servers = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> requests = new LinkedHashMap<>();
  private final ExecutorService workers;
  private final ExecutorService pumps;
  private final TrackerApp tracker = new TrackerApp();
  private final RepositoryStore store;
  private final Duration generationTime;

  private SampleApps(Path workDir, Options options) throws IOException {
    this.workers = Executors.newCachedThreadPool(daemon("sample-app"));
    this.pumps = Executors.newCachedThreadPool(daemon("sample-app-stdin"));
    Path repoRoot = Files.createDirectories(workDir.resolve("repositories"));
    this.store =
        new RepositoryStore(
            repoRoot, RepoGenerator.ids(options.projects(), options.reposPerProject()));
    long t0 = System.nanoTime();
    if (options.eager()) {
      store.generateAll();
      this.generationTime = Duration.ofNanos(System.nanoTime() - t0);
    } else {
      this.generationTime = Duration.ZERO;
    }
    GitHttpBackend backend =
        new GitHttpBackend(options.git(), repoRoot, workDir.resolve("git-http-backend.log"), pumps);
    try {
      serve(WIKI, new WikiApp());
      serve(JIRA, tracker);
      serve(GIT, new ScmApp(backend, store));
      serve(ADMIN, new AdminConsoleApp());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts the four applications; repositories live under {@code workDir/repositories}. */
  public static SampleApps start(Path workDir, Options options) throws IOException {
    return new SampleApps(workDir, options);
  }

  public static SampleApps start(Path workDir) throws IOException {
    return start(workDir, Options.defaults());
  }

  private void serve(String app, HttpHandler handler) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    AtomicInteger count = new AtomicInteger();
    s.createContext("/", ex -> counted(count, handler, ex));
    s.setExecutor(workers);
    s.start();
    servers.put(app, s);
    requests.put(app, count);
  }

  private static void counted(AtomicInteger count, HttpHandler handler, HttpExchange ex)
      throws IOException {
    count.incrementAndGet();
    try {
      handler.handle(ex);
    } catch (IOException | RuntimeException e) {
      try {
        Exchanges.json(ex, 500, Map.of("error", "internal_error"));
      } catch (IOException | RuntimeException ignored) {
        ex.close();
      }
    }
  }

  /** The port of an application: {@link #WIKI}, {@link #JIRA}, {@link #GIT} or {@link #ADMIN}. */
  public int port(String app) {
    HttpServer s = servers.get(app);
    if (s == null) {
      throw new IllegalArgumentException("app: " + app + " (expected: one of " + servers.keySet());
    }
    return s.getAddress().getPort();
  }

  /** Upstream base URLs by application id, e.g. {@code git -> http://127.0.0.1:41234}. */
  public Map<String, URI> upstreams() {
    Map<String, URI> out = new LinkedHashMap<>();
    for (String app : servers.keySet()) {
      out.put(app, URI.create("http://127.0.0.1:" + port(app)));
    }
    return out;
  }

  /** Repository ids {@code project/repo}, e.g. {@code net/repo-001}. */
  public List<String> repositories() {
    return store.ids();
  }

  /** Where the bare repositories live ({@code <project>/<repo>.git}). */
  public Path repositoryRoot() {
    return store.root();
  }

  /**
   * The directory of repository {@code id} ({@code project/repo}), written now if it was not yet.
   */
  public Path repository(String id) {
    return store.ensure(id);
  }

  /** How many repositories exist on disk so far (all of them when eager). */
  public int repositoriesGenerated() {
    return store.generated();
  }

  /** How long generating the repositories at start took (zero unless eager). */
  public Duration repositoryGenerationTime() {
    return generationTime;
  }

  /** Users created through the tracker's {@code POST /rest/api/2/user}, oldest first. */
  public List<Map<String, Object>> createdUsers() {
    return tracker.createdUsers();
  }

  /** Requests an application has received (to prove that a denied request never reached it). */
  public int requestCount(String app) {
    AtomicInteger c = requests.get(app);
    return c == null ? 0 : c.get();
  }

  @Override
  public void close() {
    for (HttpServer s : servers.values()) {
      s.stop(0);
    }
    workers.shutdownNow();
    pumps.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
