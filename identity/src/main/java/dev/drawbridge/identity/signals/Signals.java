package dev.drawbridge.identity.signals;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.ReservedEndpoints;
import dev.drawbridge.identity.oidc.OidcProvider;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.store.SeenTokenRepository;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signal receivers on every host: {@code POST /.drawbridge/backchannel-logout} ({@link
 * BackchannelLogout}) and {@code POST /.drawbridge/ssf/events} ({@link SetReceiver}), run on the
 * identity worker pool (store and JWKS I/O; a full pool answers 503 so that the sender retries).
 * Other paths return null for the next endpoints. Locks and token suspension need the control plane
 * ({@link #control}); until it is set, such events are recorded as {@code action_failed}.
 */
public final class Signals implements ReservedEndpoints {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);
  public static final String BACKCHANNEL_LOGOUT = "/.drawbridge/backchannel-logout";
  public static final String SSF_EVENTS = "/.drawbridge/ssf/events";

  private final Enforcement enforce;
  private final BackchannelLogout logout;
  private final SetReceiver sets;
  private final Executor worker;

  public Signals(
      Map<String, OidcProvider> providers,
      List<IdentityConfig.Signal> transmitters,
      SessionManager sessions,
      SeenTokenRepository seen,
      Consumer<Map<String, Object>> auditSink,
      Clock clock,
      Executor worker) {
    SignalAudit audit = new SignalAudit(auditSink);
    this.enforce = new Enforcement(sessions);
    this.logout = new BackchannelLogout(providers, enforce, seen, audit, clock);
    this.sets =
        new SetReceiver(
            transmitters, new SignalActions(providers, enforce, audit), seen, audit, clock);
    this.worker = worker;
  }

  /** The control plane that locks principals and suspends tokens for signals. */
  public Signals control(ControlPlane control) {
    enforce.control(control);
    return this;
  }

  @Override
  public CompletableFuture<FullHttpResponse> handle(RequestContext rc, FullHttpRequest request) {
    String path = rc.path();
    boolean bcl = path.equals(BACKCHANNEL_LOGOUT);
    if (!bcl && !path.equals(SSF_EVENTS)) {
      return null;
    }
    if (!rc.method().equals("POST")) {
      return CompletableFuture.completedFuture(Replies.json(405, "{\"error\":\"method\"}"));
    }
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return bcl ? logout.handle(rc, request) : sets.handle(rc, request);
            } catch (RuntimeException e) {
              log.warn("identity signal at {} failed for request {}", path, rc.requestId(), e);
              return Replies.json(500, "{\"error\":\"internal_error\"}");
            }
          },
          worker);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(Replies.json(503, "{\"error\":\"busy\"}"));
    }
  }
}
