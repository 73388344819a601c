package dev.drawbridge.identity;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.ReservedEndpoints;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.identity.jwt.AssertionCache;
import dev.drawbridge.identity.jwt.AssertionSigner;
import dev.drawbridge.identity.oidc.LoginFailure;
import dev.drawbridge.identity.oidc.OidcProvider;
import dev.drawbridge.identity.session.SessionCheck;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.identity.session.UserSession;
import dev.drawbridge.identity.signals.Signals;
import dev.drawbridge.identity.web.IdentityEndpoints;
import dev.drawbridge.identity.web.LoginAudit;
import dev.drawbridge.identity.web.Redirects;
import dev.drawbridge.identity.webauthn.Ceremonies;
import dev.drawbridge.identity.webauthn.FileLocalUsers;
import dev.drawbridge.identity.webauthn.Invites;
import dev.drawbridge.identity.webauthn.LocalUsers;
import dev.drawbridge.identity.webauthn.StoreCredentialRepository;
import dev.drawbridge.identity.webauthn.StoreLocalUsers;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity facade the server wires in: the reserved endpoints, session lookup for the decider
 * (from memory, safe on the event loop), the assertion signer, invites and sessions. {@link #start}
 * loads sessions, discovers providers and schedules the session refresh (every 500 ms, so that a
 * revocation made by another process is enforced within a second) and, on a shared PostgreSQL
 * store, the signing-key refresh (every second: a key rotated by another process is signed with and
 * published here within that).
 */
public final class IdentityService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IdentityService.class);
  static final long REFRESH_MS = 500;

  /** How often shared signing keys are re-read (a rotation elsewhere is published within this). */
  static final long KEYS_REFRESH_MS = 1000;

  private final Clock clock;
  private final AssertionSigner signer;
  private final AssertionCache assertions;
  private final SessionManager sessions;
  private final Invites invites;
  private final Map<String, OidcProvider> providers = new LinkedHashMap<>();
  private final ThreadPoolExecutor worker;
  private final ThreadPoolExecutor renewer;
  private final ScheduledExecutorService scheduler;
  private final IdentityEndpoints endpoints;
  private final Signals signals;
  private final LocalUsers localUsers;
  private final java.util.concurrent.atomic.AtomicBoolean sessionRefreshQueued =
      new java.util.concurrent.atomic.AtomicBoolean();

  public IdentityService(
      IdentityConfig cfg,
      URI publicUrl,
      Path dataDir,
      Store store,
      Clock clock,
      Consumer<Map<String, Object>> audit) {
    this(cfg, publicUrl, dataDir, store, clock, audit, Set.of());
  }

  /** {@code applicationHosts}: hosts that {@code rd} may name besides the request's own. */
  public IdentityService(
      IdentityConfig cfg,
      URI publicUrl,
      Path dataDir,
      Store store,
      Clock clock,
      Consumer<Map<String, Object>> audit,
      Set<String> applicationHosts) {
    this.clock = clock;
    // Several gateways on one PostgreSQL must sign with one key and publish the same JWKS; the
    // embedded SQLite store means one process, which keeps its keys in data_dir.
    this.signer =
        store.isPostgres()
            ? AssertionSigner.shared(
                store.signingKeys(),
                store.encryptionKey(),
                store.previousEncryptionKey(),
                dataDir,
                publicUrl,
                cfg.assertionTtl(),
                clock)
            : new AssertionSigner(dataDir, publicUrl, cfg.assertionTtl(), clock);
    this.invites = new Invites(store.invites(), publicUrl, clock);
    for (IdentityConfig.Provider p : cfg.providers()) {
      providers.put(p.id(), new OidcProvider(p));
    }
    Ceremonies ceremonies =
        cfg.localUsers() && cfg.webauthn() != null
            ? new Ceremonies(cfg.webauthn(), new StoreCredentialRepository(store.webauthn()), clock)
            : null;
    this.worker =
        new ThreadPoolExecutor(
            4,
            4,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            r -> {
              Thread t = new Thread(r, "identity-worker");
              t.setDaemon(true);
              return t;
            });
    // an assertion's successor is signed ahead on its own thread, not on the event loop (nor in
    // the way of logins on the worker pool); a full queue only means signing inline later
    this.renewer =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4096),
            r -> {
              Thread t = new Thread(r, "assertion-renewer");
              t.setDaemon(true);
              return t;
            });
    this.assertions = new AssertionCache(signer, clock, renewer);
    // With a shared store, a session another gateway created may be unknown here for up to one
    // refresh; check() then looks it up in the background on the worker pool.
    this.sessions =
        new SessionManager(
            store.sessions(),
            store.changes(),
            cfg.session(),
            clock,
            store.isPostgres() ? worker : null);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "identity-refresh");
              t.setDaemon(true);
              return t;
            });
    // Gateways sharing PostgreSQL: a key login through any of them gets the user's groups.
    this.localUsers =
        store.isPostgres() ? new StoreLocalUsers(store.localUsers()) : new FileLocalUsers(dataDir);
    this.endpoints =
        new IdentityEndpoints(
            signer,
            Map.copyOf(providers),
            cfg.localUsers(),
            sessions,
            ceremonies,
            invites,
            localUsers,
            new Redirects(applicationHosts, publicUrl),
            new LoginAudit(audit),
            clock,
            worker,
            // Gateways sharing PostgreSQL sit behind a load balancer: a sign-in started through
            // one may come back through another.
            store.isPostgres() ? store.pendingCeremonies() : null);
    // SPEC §10: logout tokens and security events, acted on through sessions and the control plane
    this.signals =
        new Signals(
            Map.copyOf(providers),
            cfg.signals(),
            sessions,
            store.seenTokens(),
            audit,
            clock,
            worker);
  }

  /**
   * The control plane through which identity signals lock principals and suspend tokens (SPEC §10);
   * without it, such signals are recorded but not acted on.
   */
  public IdentityService control(ControlPlane control) {
    signals.control(control);
    // a session revoked elsewhere (another gateway's signal, a breach) is dropped here as soon as
    // the control plane reads it from the change feed (at once on PostgreSQL's NOTIFY), not only
    // at the next periodic refresh
    control.onChange(
        kind -> {
          if (Change.SESSION.equals(kind) && sessionRefreshQueued.compareAndSet(false, true)) {
            try {
              scheduler.execute(
                  () -> {
                    sessionRefreshQueued.set(false);
                    try {
                      sessions.refresh();
                    } catch (RuntimeException e) {
                      log.warn("session refresh failed: {}", e.toString());
                    }
                  });
            } catch (java.util.concurrent.RejectedExecutionException e) {
              sessionRefreshQueued.set(false);
            }
          }
        });
    return this;
  }

  /** Loads sessions, discovers the providers and starts the refresh. Blocking; call once. */
  public IdentityService start() {
    sessions.load();
    for (OidcProvider p : providers.values()) {
      try {
        p.discover();
      } catch (LoginFailure e) {
        log.warn("{} (will retry at the next login through it)", e.getMessage());
      }
    }
    every(REFRESH_MS, "session refresh", sessions::refresh);
    if (signer.isShared()) {
      every(KEYS_REFRESH_MS, "signing key refresh", signer::refresh);
    }
    return this;
  }

  /** Runs {@code task} every {@code ms} on the scheduler; a failure is logged and retried. */
  private void every(long ms, String what, Runnable task) {
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("{} failed: {}", what, e.toString());
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  /** The signal receivers first, then sign-in and the rest of {@code /.drawbridge/}. */
  public ReservedEndpoints endpoints() {
    return (rc, req) -> {
      var f = signals.handle(rc, req);
      return f != null ? f : endpoints.handle(rc, req);
    };
  }

  /** The request's session, from memory. Safe on the event loop. */
  public Optional<UserSession> authenticate(RequestContext rc) {
    return sessions.authenticate(rc.headers(), rc.secure(), clock.instant());
  }

  /**
   * As {@link #authenticate}, with the reason when there is no session ({@code invalid_session}…).
   */
  public SessionCheck check(RequestContext rc) {
    return sessions.check(rc.headers(), rc.secure(), clock.instant());
  }

  /** The verdict principal of a session (credential id: the session's record id). */
  public static Verdict.Principal principal(UserSession s) {
    return new Verdict.Principal(
        s.email(), "user", s.id(), s.email(), s.groups(), s.idp(), s.amr());
  }

  /**
   * The {@code Drawbridge-Jwt-Assertion} for a request allowed for {@code p}: reused for the same
   * principal, session or credential, application and claims (SPEC §4; see {@link AssertionCache}).
   */
  public String assertion(RequestContext rc, Verdict.Principal p) {
    return assertion(rc.app() == null ? "" : rc.app().id(), p);
  }

  /** As {@link #assertion(RequestContext, Verdict.Principal)}, for application {@code app}. */
  public String assertion(String app, Verdict.Principal p) {
    return assertions.assertion(app, p);
  }

  /** Where to send a signed-in user who must prove possession of a security key. */
  public String stepUpUrl(RequestContext rc) {
    return "/.drawbridge/webauthn/stepup?rd=" + Redirects.enc(rc.externalUrl());
  }

  public AssertionSigner signer() {
    return signer;
  }

  /** Local (security-key) users' groups: what an invite and SCIM provisioning record. */
  public LocalUsers localUsers() {
    return localUsers;
  }

  public Invites invites() {
    return invites;
  }

  public SessionManager sessions() {
    return sessions;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    worker.shutdown();
    renewer.shutdownNow();
    try {
      sessions.refresh();
    } catch (RuntimeException e) {
      log.debug("final session refresh failed: {}", e.toString());
    }
  }
}
