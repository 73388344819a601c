package dev.drawbridge.server;

import dev.drawbridge.admin.AdminContext;
import dev.drawbridge.admin.AdminServer;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.ConfigWarnings;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.detect.BuiltinRules;
import dev.drawbridge.detect.DetectionEngine;
import dev.drawbridge.detect.EngineLimits;
import dev.drawbridge.gateway.AccessRecorder;
import dev.drawbridge.gateway.ClientAddress;
import dev.drawbridge.gateway.GatewayServer;
import dev.drawbridge.gateway.GatewayState;
import dev.drawbridge.gateway.Router;
import dev.drawbridge.gateway.Tls;
import dev.drawbridge.policy.PolicyEngine;
import dev.drawbridge.policy.ResourceMap;
import dev.drawbridge.server.start.StartChecks;
import dev.drawbridge.server.start.StartupException;
import dev.drawbridge.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Drawbridge: data plane, admin API and everything behind them. */
public final class DrawbridgeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DrawbridgeServer.class);

  /**
   * Benchmark-only switch ({@code -Ddrawbridge.bench.auditOff=true}) to measure what the audit log
   * costs. Never for production: access events are not written at all.
   */
  static final boolean BENCH_AUDIT_OFF = Boolean.getBoolean("drawbridge.bench.auditOff");

  private final Path configFile;

  /** The file's text at the last reload (null before the first): see {@link #reloadIfChanged}. */
  private String lastReloadText;

  private final Clock clock;
  private final AtomicReference<DrawbridgeConfig> config;

  /** The config the server started with: what the restart-only keys ({@link RestartKeys}) run. */
  private final DrawbridgeConfig started;

  private final Store store;
  private final ControlPlane control;
  private final AuditLog audit;

  /** The audit settings in force (reload applies them; guarded by this). */
  private AuditConfig auditApplied;

  private final DetectionBridge detection;

  /** Principals refused as dormant and not yet seen locked (kept across reloads). */
  private final ConcurrentHashMap<String, Long> dormantHolds = DormantCredentialGuard.holds();

  private final SharedAudit shared; // null on the embedded store
  private final WebhookSinks webhook;
  private final CheckpointCopies checkpointCopies;
  private final Identity identity;
  private final GatewayServer gateway;
  private final ServerMetrics metrics;

  /** Batched-mode access events accepted and then lost (all recorders, across reloads). */
  private final AtomicLong batchedLost = new AtomicLong();

  private final AdminServer admin;
  private final String adminToken;
  private final ConfigWatcher watcher;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;

  private DrawbridgeServer(DrawbridgeConfig cfg, Path configFile, Clock clock, Store openedStore)
      throws Exception {
    this.configFile = configFile;
    this.clock = clock;
    this.config = new AtomicReference<>(cfg);
    this.started = cfg;
    this.auditApplied = cfg.audit();
    DataDirPermissions.create(cfg.dataDir());
    this.adminToken = AdminToken.loadOrCreate(cfg.dataDir());
    Compiled compiled = compile(cfg);
    this.store = openedStore != null ? openedStore : Store.open(cfg.store(), cfg.dataDir(), clock);
    this.control = new ControlPlane(store, cfg.credentials(), clock);
    this.audit = AuditLog.open(cfg.dataDir(), cfg.audit(), clock);
    this.detection =
        new DetectionBridge(compiled.detection, control.alerts(), control.locks(), audit);
    if (store.isPostgres()) {
      // scale-out: ship the local log to the shared table; one leader runs detection over it
      this.shared = SharedAudit.start(cfg.dataDir(), store, audit, detection);
    } else {
      this.shared = null;
      audit.addListener(detection);
    }
    // what an identity signal or SCIM did on this gateway, as an alert (every gateway: its own)
    audit.addListener(new SignalAlerts(control.alerts(), audit));
    this.webhook = new WebhookSinks(cfg.audit().webhook());
    audit.addListener(webhook);
    this.checkpointCopies =
        new CheckpointCopies(
            webhook,
            store.isPostgres() ? store : null,
            store.isPostgres() ? GatewayId.loadOrCreate(cfg.dataDir()) : null,
            clock);
    audit.addCheckpointListener(checkpointCopies);
    this.metrics = new ServerMetrics(audit, batchedLost, webhook);
    metrics.bind(control, store);
    audit.addListener(metrics);
    if (store.isPostgres()) {
      control.failClosedAfter(cfg.store().maxStaleness());
    }
    control.startSync();
    this.identity = IdentityWiring.create(cfg, store, clock, audit, control);
    this.gateway =
        new GatewayServer(
                state(cfg, compiled),
                clock,
                Tls.serverContext(cfg.server().tls()),
                cfg.server().eventLoops())
            .start(cfg.server().listen());
    // strict mode: one wake-up of the event loops per written batch, not one per response
    audit.addBatchListener(gateway::wakeLoops);
    gateway.wakeLoopsAfterBatches();
    control.contain(gateway.live()); // locks and revocations end what is flowing (SPEC §4)
    metrics.bind(gateway);
    this.admin =
        AdminServer.start(
            cfg.server().adminListen(),
            new AdminContext(
                control,
                audit,
                config::get,
                cfg.dataDir(),
                clock,
                adminToken,
                IdentityWiring.inviter(identity),
                shared == null
                    ? new AuditIncidentReporter(audit::query, control)
                    : new AuditIncidentReporter(shared::query, control),
                shared == null ? audit::query : shared::query,
                IdentityWiring.adminSessions(identity)),
            metrics::scrape,
            IdentityWiring.scimHooks(identity, store));
    admin.readiness(
        () ->
            !audit.healthy() ? "audit_unhealthy" : control.stale() ? "control_plane_stale" : null);
    audit.append(configEvent("config_loaded", cfg, null)).join();
    if (BENCH_AUDIT_OFF) {
      LOG.warn("BENCHMARK MODE: access events are NOT written to the audit log");
    } else {
      logDurability(cfg.audit());
    }
    for (ConfigWarnings.Warning w : ConfigWarnings.of(cfg)) {
      LOG.warn("config: {}: {}", w.where(), w.message());
    }
    DataDirPermissions.tighten(cfg.dataDir());
    this.watcher =
        configFile == null ? null : ConfigWatcher.start(configFile, this::reloadIfChanged);
    LOG.info(
        "Drawbridge ready: data plane {} (port {}), admin API {} (port {}), data dir {}",
        cfg.server().listen(),
        gateway.port(),
        cfg.server().adminListen(),
        admin.port(),
        cfg.dataDir());
  }

  /**
   * Starts a server. What it needs is checked first, before anything is created on disk ({@link
   * StartChecks}: listen addresses, data_dir, a PostgreSQL store), each failure a {@link
   * StartupException} naming the key; if the start fails later, a data dir it created is removed.
   */
  public static DrawbridgeServer start(DrawbridgeConfig cfg, Path configFile, Clock clock)
      throws Exception {
    StartChecks.listenersAndDataDir(cfg);
    Path created = DataDirPermissions.firstMissing(cfg.dataDir());
    Store pg = null;
    try {
      pg = StartChecks.postgresStore(cfg, clock);
      return new DrawbridgeServer(cfg, configFile, clock, pg);
    } catch (Exception | Error e) {
      if (pg != null) {
        pg.close();
      }
      if (created != null) {
        DataDirPermissions.remove(created); // nothing left behind by a start that failed
      }
      String bind = StartChecks.explainBind(cfg, e);
      if (bind != null) {
        throw new StartupException(bind, e);
      }
      throw e;
    }
  }

  /** Loads the file, runs until SIGTERM/SIGINT, drains. Reloads on SIGHUP and file change. */
  public static void run(Path configFile) throws Exception {
    DrawbridgeConfig cfg = ConfigLoader.load(configFile);
    LogSettings.apply(cfg.logging());
    DrawbridgeServer server = start(cfg, configFile, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "drawbridge-shutdown"));
    Signals.onHangup(server::reload);
    server.stopped.await();
  }

  /** {@code java -cp … dev.drawbridge.server.DrawbridgeServer CONFIG}: what {@code serve} runs. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: DrawbridgeServer CONFIG_FILE");
      System.exit(2);
    }
    run(Path.of(args[0]));
  }

  private record Compiled(
      PolicyEngine policy, Map<String, ResourceMap> resources, DetectionEngine detection) {}

  private DormantCredentialGuard dormantGuard(Compiled c) {
    return DormantCredentialGuard.of(c.detection.rules(), dormantHolds);
  }

  private static Compiled compile(DrawbridgeConfig cfg) throws ConfigException {
    PolicyEngine policy = PolicyEngine.compile(cfg.applications());
    Map<String, ResourceMap> resources = new HashMap<>();
    for (ApplicationConfig app : cfg.applications()) {
      resources.put(app.id(), ResourceMap.compile(app));
    }
    DetectionEngine engine;
    try {
      engine = new DetectionEngine(BuiltinRules.load(cfg.detection()), EngineLimits.defaults());
    } catch (RuntimeException e) {
      throw new ConfigException("detection: " + e.getMessage());
    }
    return new Compiled(policy, resources, engine);
  }

  private static void logDurability(AuditConfig a) {
    if (a.durability() == AuditConfig.Durability.BATCHED) {
      LOG.info(
          "audit durability batched: responses do not wait for the disk; a crash of this process"
              + " can lose the events of the last ~2 ms, a crash of the OS or a failing disk those"
              + " of the last {} ms (audit.batch_window)",
          a.batchWindow().toMillis());
    } else {
      LOG.info("audit durability strict: no response leaves before its event is on disk");
    }
  }

  /**
   * Puts the reloaded audit settings in force before the gateway gets its new state, so that the
   * new {@link AuditRecorder} and the writer agree on durability; a changed webhook URL gets a new
   * sink ({@link WebhookSinks}). Returns a problem, or null.
   */
  private String reconfigureAudit(AuditConfig next) {
    AuditConfig cur = auditApplied;
    if (webhook.use(next.webhook())) {
      if (next.webhook() != null) {
        metrics.webhookConfigured();
      }
      LOG.info("audit webhook {}", next.webhook() == null ? "removed" : "now sends to the new URL");
    }
    if (next.equals(cur)) {
      return null;
    }
    try {
      if (!audit.reconfigure(next, Duration.ofSeconds(10))) {
        return "the audit writer did not take them within 10 s (is the disk hanging?)";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    auditApplied = next;
    if (cur.durability() != next.durability()) {
      logDurability(next);
    }
    return null;
  }

  private GatewayState state(DrawbridgeConfig cfg, Compiled c) {
    return new GatewayState(
        new Router(cfg.applications()),
        new ClientAddress(cfg.server().trustedProxies()),
        cfg.server().timeouts(),
        new AccessPipeline(
            c.policy,
            c.resources,
            control.tokens(),
            control.locks(),
            identity,
            control::stale,
            dormantGuard(c)),
        BENCH_AUDIT_OFF ? AccessRecorder.NONE : new AuditRecorder(audit, batchedLost),
        identity.endpoints());
  }

  /**
   * Reloads the config file. A bad file leaves the running config in force and says why; the listen
   * addresses, event loops, data dir and store of a running server are not changed by a reload.
   */
  public synchronized boolean reload() {
    return reload(false);
  }

  /**
   * As {@link #reload()}, unless the file holds the text of the last reload (applied or rejected):
   * what the file watcher calls, so that an edit followed by SIGHUP reloads once, not twice.
   */
  synchronized boolean reloadIfChanged() {
    return reload(true);
  }

  private boolean reload(boolean onlyIfChanged) {
    if (configFile == null || closed) {
      return false;
    }
    DrawbridgeConfig next;
    Compiled compiled;
    try {
      String text = Files.readString(configFile, StandardCharsets.UTF_8);
      if (onlyIfChanged && text.equals(lastReloadText)) {
        LOG.debug("config file changed on disk but holds what was last loaded: not reloaded");
        return false;
      }
      lastReloadText = text;
      next = ConfigLoader.load(configFile, text);
      compiled = compile(next);
    } catch (ConfigException e) {
      LOG.error("config reload rejected; the running config stays in force:\n{}", e.getMessage());
      audit.append(configEvent("config_rejected", null, e.problems()));
      return false;
    } catch (Exception e) {
      LOG.error("config reload failed; the running config stays in force: {}", e.toString());
      audit.append(configEvent("config_rejected", null, List.of(e.toString())));
      return false;
    }
    List<RestartKeys.Change> waiting = new ArrayList<>(RestartKeys.changed(started, next));
    String auditProblem = reconfigureAudit(next.audit());
    if (auditProblem != null) {
      LOG.error("config reload: the audit settings could not be applied: {}", auditProblem);
      waiting.add(new RestartKeys.Change("audit", " (not applied: " + auditProblem + ")"));
    }
    config.set(next);
    control.credentialsConfig(next.credentials());
    detection.replace(compiled.detection);
    gateway.update(state(next, compiled));
    Map<String, Object> loaded = configEvent("config_loaded", next, null);
    if (!waiting.isEmpty()) {
      loaded.put("restart_required", waiting.stream().map(RestartKeys.Change::key).toList());
    }
    audit.append(loaded);
    LOG.info("config reloaded from {}", configFile);
    if (!waiting.isEmpty()) {
      LOG.warn(
          "config reload: these changes take effect only after a restart: {}",
          waiting.stream().map(RestartKeys.Change::toString).collect(Collectors.joining(", ")));
    }
    return true;
  }

  private Map<String, Object> configEvent(
      String name, DrawbridgeConfig cfg, List<String> problems) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", name);
    e.put("actor", "system");
    e.put("file", configFile == null ? null : configFile.toString());
    if (cfg != null) {
      e.put("applications", cfg.applications().stream().map(ApplicationConfig::id).toList());
    }
    if (problems != null) {
      e.put("problems", problems);
    }
    return e;
  }

  public int gatewayPort() {
    return gateway.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public String adminToken() {
    return adminToken;
  }

  public DrawbridgeConfig config() {
    return config.get();
  }

  public ControlPlane control() {
    return control;
  }

  public AuditLog audit() {
    return audit;
  }

  public Clock clock() {
    return clock;
  }

  /** Drains the data plane, then stops the admin API, detection, the log and the store. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info("draining");
    if (watcher != null) {
      watcher.close();
    }
    gateway.drain(config.get().server().timeouts().drain());
    admin.close();
    IdentityWiring.close(identity);
    if (shared != null) {
      shared.stopDetection(); // releases the detection leader lock at once
    }
    control.close();
    webhook.close();
    try {
      audit.close();
    } catch (Exception e) {
      LOG.error("closing the audit log failed", e);
    }
    checkpointCopies.close(); // the final checkpoint reaches the store before it closes
    metrics.close();
    if (shared != null) {
      shared.close(); // ships what the local log holds (bounded wait), then stops
    }
    store.close();
    stopped.countDown();
    LOG.info("stopped");
  }
}
