package dev.drawbridge.demo;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.server.DrawbridgeServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code drawbridge quickstart}: a gateway on {@code localhost} in front of two sample applications
 * (the demo's wiki and git server, started here on loopback), a service token to try with curl and
 * git, and an invitation to enrol a security key and sign in with a browser. The config it writes
 * ({@code <dir>/drawbridge.yaml}) is the layout people try locally: {@code public_url} on {@code
 * localhost}, one host per application under it, {@code rp_id: localhost}; security-key sign-in
 * runs on {@code public_url} and is handed to the application hosts.
 */
public final class Quickstart implements AutoCloseable {
  public static final String TOKEN_NAME = "ci-bot";
  public static final String USER = "ana@example.com";
  public static final String REPO = "net/repo-001";

  /** Where and on which ports; {@code port} 0 picks a free one (tests). */
  public record Options(Path dir, int port, int adminPort) {}

  private final SampleApps apps;
  private final DrawbridgeServer server;
  private final Path config;
  private final URI publicUrl;
  private final String clientId;
  private final String clientSecret;
  private final String enrolUrl;

  private Quickstart(
      SampleApps apps,
      DrawbridgeServer server,
      Path config,
      URI publicUrl,
      String clientId,
      String clientSecret,
      String enrolUrl) {
    this.apps = apps;
    this.server = server;
    this.config = config;
    this.publicUrl = publicUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.enrolUrl = enrolUrl;
  }

  /** Starts the sample applications and the gateway, makes the token and the invitation. */
  public static Quickstart start(Options o) throws Exception {
    Path dir = Files.createDirectories(o.dir().toAbsolutePath().normalize());
    int port = o.port() == 0 ? DemoMain.freePort() : o.port();
    int adminPort = o.adminPort() == 0 ? DemoMain.freePort() : o.adminPort();
    SampleApps apps =
        SampleApps.start(
            dir.resolve("apps"), new SampleApps.Options(List.of("net"), 3, "git", false));
    DrawbridgeServer server = null;
    try {
      URI publicUrl = URI.create("http://localhost:" + port);
      Path config = dir.resolve("drawbridge.yaml");
      Files.writeString(config, config(port, adminPort, apps.upstreams()));
      server = DrawbridgeServer.start(ConfigLoader.load(config), config, Clock.systemUTC());
      DemoMain.Admin api =
          new DemoMain.Admin(URI.create("http://127.0.0.1:" + adminPort), server.adminToken());
      Map<String, Object> token = token(api);
      Map<String, Object> invite =
          api.post("/api/v1/users/invite", Map.of("email", USER, "groups", List.of("engineering")));
      return new Quickstart(
          apps,
          server,
          config,
          publicUrl,
          (String) token.get("client_id"),
          (String) token.get("client_secret"),
          (String) invite.get("url"));
    } catch (Exception | Error e) {
      if (server != null) {
        server.close();
      }
      apps.close();
      throw e;
    }
  }

  /** A new token, or (run again on the same directory) a new secret for the existing one. */
  private static Map<String, Object> token(DemoMain.Admin api) throws Exception {
    try {
      return api.post(
          "/api/v1/tokens",
          Map.of(
              "name",
              TOKEN_NAME,
              "apps",
              List.of("wiki", "git"),
              "expires",
              "30d",
              "cidrs",
              List.of("127.0.0.0/8", "::1/128")));
    } catch (IOException e) {
      return api.post("/api/v1/tokens/" + TOKEN_NAME + "/rotate", Map.of("grace", "0s"));
    }
  }

  /**
   * The config: the sample applications behind {@code wiki.localhost} and {@code git.localhost}.
   */
  static String config(int port, int adminPort, Map<String, URI> upstreams) {
    return """
        # Written by `drawbridge quickstart`; it is rewritten at every quickstart run (the sample
        # applications listen on new ports each time). Copy it to start your own config.
        server:
          listen: 127.0.0.1:%1$d            # data plane
          admin_listen: 127.0.0.1:%2$d      # admin API and console
          public_url: http://localhost:%1$d # sign-in runs here and hands over to the app hosts
        data_dir: ./data
        audit: {durability: strict}
        identity:
          session: {lifetime: 8h, idle_timeout: 1h}
          local_users: true
          webauthn: {rp_id: localhost, rp_name: Drawbridge quickstart, attestation: none}
        credentials: {default_expiry: 90d, max_age: 90d, dormant_after: 30d}
        applications:
          - id: wiki
            hosts: [wiki.localhost]
            upstream: %3$s
            policies:
              - name: engineers with security keys
                decision: allow
                include: [{group: [engineering]}]
                require: [{auth_method: [hwk]}]
              - name: ci-bot reads
                decision: allow
                include: [{service_token: [ci-bot]}]
                require: [{ip: [127.0.0.0/8, "::1/128"]}]
                methods: [GET, HEAD]
          - id: git
            hosts: [git.localhost]
            upstream: %4$s
            profile: git
            resources:
              - {match: "/scm/{project}/{repo}.git/**", id: "{project}/{repo}"}
            actions:
              - {name: download, paths: ["/scm/*/*.git/git-upload-pack"], methods: [POST]}
            policies:
              - name: engineers with security keys
                decision: allow
                include: [{group: [engineering]}]
                require: [{auth_method: [hwk]}]
              - name: ci-bot clones
                decision: allow
                include: [{service_token: [ci-bot]}]
                require: [{ip: [127.0.0.0/8, "::1/128"]}]
                methods: [GET, POST]
                paths: ["/scm/**"]
        detection: {rules: [], disable: []}
        """
        .formatted(port, adminPort, upstreams.get(SampleApps.WIKI), upstreams.get(SampleApps.GIT));
  }

  public URI publicUrl() {
    return publicUrl;
  }

  public URI appUrl(String app) {
    return URI.create("http://" + app + ".localhost:" + publicUrl.getPort() + "/");
  }

  public String clientId() {
    return clientId;
  }

  public String clientSecret() {
    return clientSecret;
  }

  public String enrolUrl() {
    return enrolUrl;
  }

  public Path config() {
    return config;
  }

  public int adminPort() {
    return server.adminPort();
  }

  /** What to do next, with commands that work as printed. */
  public void print(PrintStream out) {
    String wiki = appUrl("wiki").toString();
    String git = appUrl("git").toString();
    String cfg = config.toString();
    out.println("Drawbridge quickstart is running. Stop it with Ctrl-C.");
    out.println();
    out.println("  config:      " + cfg);
    out.println("  wiki:        " + wiki + "  (sample wiki)");
    out.println("  git:         " + git + "  (sample git server, repositories net/repo-001..003)");
    out.println("  sign-in:     " + publicUrl + "/");
    out.println("  admin API:   http://127.0.0.1:" + server.adminPort() + "/  (web console)");
    out.println("  admin token: " + config.getParent().resolve("data/admin.token"));
    out.println();
    out.println("A service token, ci-bot (allowed from this machine, shown once):");
    out.println("  client id:     " + clientId);
    out.println("  client secret: " + clientSecret);
    out.println();
    out.println("Try it (another terminal):");
    out.println(
        "  curl -H 'Drawbridge-Client-Id: "
            + clientId
            + "' -H 'Drawbridge-Client-Secret: "
            + clientSecret
            + "' "
            + wiki
            + "rest/api/content");
    out.println("  curl -H 'Authorization: Bearer " + clientId + "." + clientSecret + "' " + wiki);
    out.println(
        "  git clone http://"
            + clientId
            + ":"
            + clientSecret
            + "@git.localhost:"
            + publicUrl.getPort()
            + "/scm/"
            + REPO
            + ".git");
    out.println("  curl -i " + wiki + "rest/api/content    # no token: 401");
    out.println();
    out.println("Sign in with a security key (Chrome, Edge or Firefox; a platform passkey works):");
    out.println("  1. enrol " + USER + " (group engineering): " + enrolUrl);
    out.println("  2. open " + wiki + " and choose \"Sign in with a security key\"");
    out.println();
    out.println("Administer it (another terminal, from this directory):");
    out.println("  ./drawbridge token ls --config " + cfg);
    out.println("  ./drawbridge audit query --config " + cfg + " --limit 5");
    out.println("  ./drawbridge check --config " + cfg);
    out.flush();
  }

  @Override
  public void close() {
    server.close();
    apps.close();
  }

  /** The CLI's entry: runs until the process is stopped. */
  public static int run(Options o, PrintStream out) throws Exception {
    Quickstart q = start(o);
    Runtime.getRuntime().addShutdownHook(new Thread(q::close, "quickstart-shutdown"));
    q.print(out);
    Thread.currentThread().join();
    return 0;
  }
}
