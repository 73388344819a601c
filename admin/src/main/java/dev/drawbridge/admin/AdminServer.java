package dev.drawbridge.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.drawbridge.admin.scim.ScimHooks;
import dev.drawbridge.admin.scim.ScimServer;
import dev.drawbridge.config.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: REST with JSON under {@code /api/v1/}, every request authenticated with the admin
 * bearer token. Served by {@link AdminTransport} (Netty, with read deadlines and a connection
 * limit, so idle clients cannot hold it up) on a small bounded pool (blocking store and disk work
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
 * GET    sessions?principal=  | DELETE sessions/{id}
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

  private AdminTransport transport; // set once, by start, before any request can arrive
  private final BearerAuth auth;
  private final TokenEndpoints tokens;
  private final LockEndpoints locks;
  private final BreachEndpoints breaches;
  private final InviteEndpoints invites;
  private final QueryEndpoints queries;
  private final Supplier<String> metrics;
  private final Console console = new Console();
  private final ScimServer scim;
  private final ConsoleApi consoleApi;
  private final SessionEndpoints sessions;
  private volatile java.util.function.Supplier<String> readiness = () -> null;

  private AdminServer(AdminContext ctx, Supplier<String> metrics, ScimHooks scimHooks) {
    this.scim =
        scimHooks == null
            ? null
            : new ScimServer(
                () -> {
                  var s = ctx.config().get().identity().scim();
                  return s == null ? null : s.token();
                },
                scimHooks,
                ctx.control(),
                ctx.audit(),
                ctx.clock());
    this.metrics = metrics;
    this.auth = new BearerAuth(ctx.adminToken());
    AdminAudit audit = new AdminAudit(ctx.audit());
    this.tokens = new TokenEndpoints(ctx, audit);
    this.locks = new LockEndpoints(ctx, audit);
    this.breaches = new BreachEndpoints(ctx, audit);
    this.invites = new InviteEndpoints(ctx, audit);
    this.queries = new QueryEndpoints(ctx);
    this.consoleApi = new ConsoleApi(ctx, audit);
    this.sessions = new SessionEndpoints(ctx, audit);
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
    return start(listen, ctx, metrics, (ScimHooks) null);
  }

  /**
   * As {@link #start(HostPort, AdminContext, Supplier)}, also serving SCIM 2.0 under {@code
   * /scim/v2} (its own bearer token, {@code identity.scim.token}) through {@code scim} (null: no
   * SCIM).
   */
  public static AdminServer start(
      HostPort listen, AdminContext ctx, Supplier<String> metrics, ScimHooks scim) {
    return start(listen, ctx, metrics, AdminTransport.Limits.DEFAULTS, scim);
  }

  static AdminServer start(
      HostPort listen, AdminContext ctx, Supplier<String> metrics, AdminTransport.Limits limits) {
    return start(listen, ctx, metrics, limits, null);
  }

  static AdminServer start(
      HostPort listen,
      AdminContext ctx,
      Supplier<String> metrics,
      AdminTransport.Limits limits,
      ScimHooks scim) {
    AdminServer server = new AdminServer(ctx, metrics, scim);
    server.transport = AdminTransport.start(listen, limits, server::handle);
    return server;
  }

  /** The bound port. */
  public int port() {
    return transport.port();
  }

  @Override
  public void close() {
    transport.close();
  }

  private void handle(HttpExchange ex) {
    Call c = null;
    try {
      if (console.serve(ex)) {
        return;
      }
      if (scim != null && ScimServer.owns(ex.getRequestURI().getRawPath())) {
        scim.handle(ex);
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
    if (consoleApi.handle(c)) {
      return;
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
      case "sessions" -> sessions.handle(c);
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
