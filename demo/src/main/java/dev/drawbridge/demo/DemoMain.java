package dev.drawbridge.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.admin.incident.IncidentReport;
import dev.drawbridge.audit.AuditVerifier;
import dev.drawbridge.audit.VerifyResult;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.server.DrawbridgeServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code drawbridge demo}: starts the sample applications and a real gateway (SQLite, strict audit,
 * a temporary data dir) and replays the Thanksgiving-2023 intrusion three times, compressed in
 * time: (1) the operator declares the vendor's breach when it is announced (the token is suspended
 * and refused at once); (2) the operator does not, and {@code
 * drawbridge.dormant-credential-new-network} refuses and locks the token at its first request; (3)
 * neither, with that rule disabled, so that detection of the bulk download is what locks it. Ends
 * with the real incident next to each run's figures, read from its audit log.
 */
public final class DemoMain {
  static final ObjectMapper JSON = new ObjectMapper();
  static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  /** The timeline, relative to the replay ("now"). */
  static final Duration TOKEN_ISSUED = Duration.ofDays(-300);

  static final Duration LAST_LEGITIMATE_USE = Duration.ofDays(-130);
  static final Duration BREACH_ANNOUNCED = Duration.ofDays(-60);

  /** What one run left behind, for tests and the summary. */
  public record Run(
      String name,
      Path dataDir,
      Path configFile,
      ReplayResult replay,
      Map<String, Object> report,
      VerifyResult verify) {}

  /** What the whole demo left behind. */
  public record Outcome(
      Path workDir, Run declared, Run undeclared, Run ruleDisabled, Path htmlReport) {
    public List<Run> runs() {
      return List.of(declared, undeclared, ruleDisabled);
    }
  }

  /** The rule run 3 disables. */
  static final String DORMANT_RULE = "drawbridge.dormant-credential-new-network";

  private DemoMain() {}

  /** CLI entry: returns the exit code. */
  public static int run(String[] args) {
    try {
      Path work = Files.createTempDirectory("drawbridge-demo-");
      Outcome o = run(work, System.out, 120, 76);
      boolean ok = o.runs().stream().allMatch(r -> r.verify().ok());
      return ok ? 0 : 1;
    } catch (Exception e) {
      System.err.println("error: the demo failed: " + e);
      return 1;
    }
  }

  /** Runs the three passes in {@code work}; {@code view}/{@code clone}: how many repos to try. */
  public static Outcome run(Path work, PrintStream out, int view, int clone) throws Exception {
    long t0 = System.nanoTime();
    out.println(
        "Drawbridge demo: the Thanksgiving-2023 intrusion, replayed against a live gateway");
    out.println("working directory: " + work);
    try (SampleApps apps = SampleApps.start(work.resolve("apps"))) {
      out.println();
      out.println(
          "=== Run 1: the operator declares the vendor breach on the day it is announced ===");
      Run declared = pass("declared", work, apps, true, List.of(), out, view, clone);
      out.println();
      out.println(
          "=== Run 2: the operator skipped that step; Drawbridge's built-in rules as shipped ===");
      Run undeclared = pass("undeclared", work, apps, false, List.of(), out, view, clone);
      explainDormantLock(undeclared, out);
      out.println();
      out.println(
          "=== Run 3: the step skipped and " + DORMANT_RULE + " disabled (detection only) ===");
      Run disabled =
          pass("rule-disabled", work, apps, false, List.of(DORMANT_RULE), out, view, clone);

      Path html = work.resolve("incident-report.html");
      Files.writeString(html, IncidentReport.html(disabled.report()));
      Files.writeString(
          work.resolve("incident-report.md"), IncidentReport.markdown(disabled.report()));
      out.println();
      out.println("=== The real incident and the three runs, from each run's audit log ===");
      out.print(
          RunsSideBySide.render(
              List.of(
                  new RunsSideBySide.Column("1: breach declared", declared.report()),
                  new RunsSideBySide.Column("2: not declared", undeclared.report()),
                  new RunsSideBySide.Column("3: rule disabled", disabled.report())),
              SampleApps.GIT));
      out.println();
      out.println(verifyLine("run 1", declared.verify()));
      out.println(verifyLine("run 2", undeclared.verify()));
      out.println(verifyLine("run 3", disabled.verify()));
      out.println("incident report of run 3 (html): " + html);
      out.println("incident report of run 3 (md):   " + work.resolve("incident-report.md"));
      out.printf("demo finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      return new Outcome(work, declared, undeclared, disabled, html);
    }
  }

  /** After run 2: why the token was refused, and what its owner does about the lock. */
  static void explainDormantLock(Run run, PrintStream out) {
    if (!run.replay().refusedAtFirstRequest()) {
      return;
    }
    out.printf(
        "  -> %s: idle %d days and back from a network it never used, the token was refused at"
            + " its first request%n     (reason dormant_credential_new_network in the audit log)"
            + " and locked: nothing read, nothing downloaded.%n",
        DORMANT_RULE, LAST_LEGITIMATE_USE.negated().toDays());
    out.printf(
        "     The owner checks the use with the vendor, rotates the token (drawbridge token rotate"
            + " %s)%n     and then lifts the lock: drawbridge unlock --principal %s%n",
        DemoConfig.TOKEN_NAME, DemoConfig.TOKEN_NAME);
  }

  static String verifyLine(String name, VerifyResult v) {
    return v.ok()
        ? "audit verify (" + name + "): OK, " + v.verified() + " events verified"
        : "audit verify (" + name + "): FAILED at seq " + v.firstBadSeq() + ": " + v.problem();
  }

  private static Run pass(
      String name,
      Path work,
      SampleApps apps,
      boolean declare,
      List<String> disable,
      PrintStream out,
      int view,
      int clone)
      throws Exception {
    long runStart = System.nanoTime();
    Path dir = work.resolve(name);
    Path data = dir.resolve("data");
    Path cfg =
        DemoConfig.write(
            dir.resolve("drawbridge.yaml"),
            apps.upstreams(),
            data,
            freePort(),
            freePort(),
            disable);
    OffsetClock clock = new OffsetClock(TOKEN_ISSUED);
    ReplayResult replay;
    Map<String, Object> report;
    try (DrawbridgeServer server = DrawbridgeServer.start(ConfigLoader.load(cfg), cfg, clock)) {
      URI gateway = URI.create("http://127.0.0.1:" + server.gatewayPort());
      URI admin = URI.create("http://127.0.0.1:" + server.adminPort());
      Admin api = new Admin(admin, server.adminToken());
      Instant issued = clock.instant();
      Map<String, Object> token =
          api.post(
              "/api/v1/tokens",
              Map.of(
                  "name", DemoConfig.TOKEN_NAME,
                  "apps", DemoConfig.TOKEN_APPS,
                  "expires", "never",
                  "owner", "okta-integration@corp.example",
                  "labels", DemoConfig.TOKEN_LABELS));
      String id = (String) token.get("client_id");
      String secret = (String) token.get("client_secret");
      out.printf(
          "%s  service token %s created for %s, labelled vendor=okta, no expiry, no network binding%n",
          DAY.format(issued), DemoConfig.TOKEN_NAME, DemoConfig.TOKEN_APPS);

      clock.set(LAST_LEGITIMATE_USE);
      RawHttp http = new RawHttp(10_000);
      RawHttp.Response legit =
          http.send(
              gateway,
              DemoConfig.HOSTS.get(SampleApps.WIKI),
              "GET",
              "/rest/api/content?limit=1",
              Map.of(
                  "Drawbridge-Client-Id", id,
                  "Drawbridge-Client-Secret", secret,
                  "X-Forwarded-For", "10.20.30.40"),
              null);
      out.printf(
          "%s  last legitimate use, from the integration host 10.20.30.40 (HTTP %d)%n",
          DAY.format(clock.instant()), legit.status());

      clock.set(BREACH_ANNOUNCED);
      out.printf(
          "%s  the vendor announces a breach of its support system%n", DAY.format(clock.instant()));
      if (declare) {
        Map<String, Object> b =
            api.post(
                "/api/v1/breaches",
                Map.of(
                    "vendor",
                    DemoConfig.BREACH_VENDOR,
                    "since",
                    clock.instant().toString(),
                    "action",
                    "suspend"));
        out.printf(
            "%s  operator: drawbridge breach declare --vendor okta --since %s%n           -> %s%n",
            DAY.format(clock.instant()), DAY.format(clock.instant()), JSON.writeValueAsString(b));
      } else {
        out.printf(
            "%s  (no breach declared: the token is believed unused)%n",
            DAY.format(clock.instant()));
      }

      clock.set(Duration.ZERO);
      out.printf(
          "%s  the stolen token comes back from %s after %d idle days%n",
          DAY.format(clock.instant()),
          DemoConfig.ATTACKER_IP,
          LAST_LEGITIMATE_USE.negated().toDays());
      ReplayTarget target =
          ReplayTarget.viaGateway(
              gateway,
              DemoConfig.HOSTS,
              admin,
              server.adminToken(),
              id,
              secret,
              DemoConfig.ATTACKER_IP);
      BreachReplay.Options options =
          new BreachReplay.Options(
              6,
              view,
              clone,
              LAST_LEGITIMATE_USE.negated(),
              dir.resolve("clones"),
              "git",
              d -> {},
              clock);
      Instant attackStart = clock.instant();
      replay = new BreachReplay(target, options, out).run();
      report =
          api.get(
              "/api/v1/incidents?principal="
                  + DemoConfig.TOKEN_NAME
                  + "&since="
                  + attackStart
                  + "&until="
                  + clock.instant().plusSeconds(1));
    }
    VerifyResult verify = AuditVerifier.verify(data);
    out.printf("(run %s: %.1f s)%n", name, (System.nanoTime() - runStart) / 1e9);
    return new Run(name, data, cfg, replay, report, verify);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The admin API, as the CLI talks to it. */
  record Admin(URI base, String token) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    Map<String, Object> post(String path, Map<String, Object> body) throws Exception {
      return call(
          HttpRequest.newBuilder(base.resolve(path))
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Map<String, Object> get(String path) throws Exception {
      return call(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(HttpRequest.Builder b) throws Exception {
      HttpResponse<String> r =
          HTTP.send(
              b.header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IOException("admin API answered " + r.statusCode() + ": " + r.body());
      }
      Object v = JSON.readValue(r.body(), Object.class);
      if (v instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
      Map<String, Object> wrap = new LinkedHashMap<>();
      wrap.put("items", (List<Object>) v);
      return wrap;
    }
  }
}
