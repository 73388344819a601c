package dev.drawbridge.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.drawbridge.config.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: REST with JSON under {@code /api/v1/}, every request authenticated with the admin
 * bearer token. Runs on the JDK HTTP server with a small bounded pool (blocking store and disk work
 * is fine here: this is not the data plane). Routes:
 *
 * <pre>
 * POST   tokens                    {name, apps, expires, cidrs, owner, labels} → 201 with secret
 * GET    tokens | tokens/{idOrName}
 * POST   tokens/{idOrName}/rotate  {grace}  → new secret
 * POST   tokens/{idOrName}/revoke
 * GET    credentials/audit
 * POST   breaches                  {vendor, since, action}
 * POST   locks {principal, reason, ttl} | GET locks | GET locks/{p} | DELETE locks/{p}
 * GET    alerts?since=&amp;limit=
 * GET    audit/events?principal=&amp;app=&amp;decision=&amp;since=&amp;until=&amp;limit=
 * GET    incidents?principal=&amp;since=&amp;until=
 * POST   users/invite              {email, groups}
 * </pre>
 *
 * <p>Without the token: {@code GET /api/v1/openapi.json} (this API as OpenAPI 3) and {@code GET
 * /ready} ({@link PublicEndpoints}). And, outside {@code /api/v1/}, {@code GET /metrics}: the
 * server's metrics in the Prometheus text format (same bearer token), when the server gives a
 * source for them; and the web console ({@link Console}: {@code /}, {@code /console.js}, {@code
 * /console.css}), a client of this API.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  private static final int THREADS = 4;
  private static final int QUEUE = 64;

  private final HttpServer http;
  private final ThreadPoolExecutor pool;
  private final BearerAuth auth;
  private final TokenEndpoints tokens;
  private final LockEndpoints locks;
  private final BreachEndpoints breaches;
  private final InviteEndpoints invites;
  private final QueryEndpoints queries;
  private final Supplier<String> metrics;
  private final Console console = new Console();
  private volatile java.util.function.Supplier<String> readiness = () -> null;

  private AdminServer(
      HttpServer http, ThreadPoolExecutor pool, AdminContext ctx, Supplier<String> metrics) {
    this.http = http;
    this.pool = pool;
    this.metrics = metrics;
    this.auth = new BearerAuth(ctx.adminToken());
    AdminAudit audit = new AdminAudit(ctx.audit());
    this.tokens = new TokenEndpoints(ctx, audit);
    this.locks = new LockEndpoints(ctx, audit);
    this.breaches = new BreachEndpoints(ctx, audit);
    this.invites = new InviteEndpoints(ctx, audit);
    this.queries = new QueryEndpoints(ctx);
  }

  /** Binds {@code listen} (port 0: any free port) and starts serving, without {@code /metrics}. */
  public static AdminServer start(HostPort listen, AdminContext ctx) {
    return start(listen, ctx, null);
  }

  /**
   * As {@link #start(HostPort, AdminContext)}, serving {@code GET /metrics} from {@code metrics}
   * (Prometheus text format; null: no such endpoint).
   */
  public static AdminServer start(HostPort listen, AdminContext ctx, Supplier<String> metrics) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + listen + " for the admin API: " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "drawbridge-admin-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    AdminServer server = new AdminServer(http, pool, ctx, metrics);
    http.setExecutor(pool);
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) {
    Call c = null;
    try {
      if (console.serve(ex)) {
        return;
      }
      if (PublicEndpoints.serve(ex, readiness)) {
        return;
      }
      if (!auth.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"drawbridge-admin\"");
        ex.getRequestBody().close();
        throw new ApiException(
            401,
            "unauthorized",
            "missing or wrong admin token (send Authorization: Bearer <the content of"
                + " <data_dir>/admin.token>)",
            null);
      }
      if (METRICS_PATH.equals(ex.getRequestURI().getRawPath()) && metrics != null) {
        metrics(ex);
        return;
      }
      c = new Call(ex);
      route(c);
    } catch (ApiException e) {
      error(ex, e.status, e.error, e.getMessage(), e.fields);
    } catch (NoSuchElementException e) {
      error(ex, 404, "not_found", e.getMessage(), null);
    } catch (RuntimeException | IOException e) {
      LOG.warn("admin API {} failed: {}", c == null ? "request" : c.method, e.getClass().getName());
      error(ex, 500, "internal_error", "the server failed; see its log", null);
    } finally {
      ex.close();
    }
  }

  /**
   * What {@code GET /ready} reports: null when ready, else why not (503). Until set, ready once the
   * admin listener answers.
   */
  public void readiness(java.util.function.Supplier<String> notReadyBecause) {
    this.readiness = notReadyBecause;
  }

  private static final String METRICS_PATH = "/metrics";

  private void metrics(HttpExchange ex) throws IOException {
    ex.getRequestBody().close();
    if (!"GET".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET");
      throw new ApiException(405, "method_not_allowed", "use GET /metrics", null);
    }
    byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (var out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private void route(Call c) throws IOException {
    if (c.path == null || c.path.isEmpty()) {
      throw noRoute(c);
    }
    switch (c.path.get(0)) {
      case "tokens" -> tokens.handle(c);
      case "locks" -> locks.handle(c);
      case "breaches" -> breaches.handle(c);
      case "users" -> invites.handle(c);
      case "credentials" -> queries.credentialsAudit(c);
      case "alerts" -> queries.alerts(c);
      case "audit" -> queries.auditEvents(c);
      case "incidents" -> queries.incidents(c);
      default -> throw noRoute(c);
    }
  }

  static ApiException noRoute(Call c) {
    return ApiException.notFound(
        "no admin API endpoint "
            + c.method
            + " "
            + (c.path == null
                ? "(outside " + Call.PREFIX + ")"
                : Call.PREFIX + String.join("/", c.path)));
  }

  static String shorten(String s) {
    String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return t.replace("\"", "\\\"");
  }

  private static void error(
      HttpExchange ex, int status, String error, String message, Map<String, String> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    if (fields != null && !fields.isEmpty()) {
      body.put("fields", fields);
    }
    try {
      byte[] bytes = Json.write(body);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    } catch (IOException | RuntimeException e) {
      // the client is gone or the response was already started; nothing more to say
    }
  }
}
