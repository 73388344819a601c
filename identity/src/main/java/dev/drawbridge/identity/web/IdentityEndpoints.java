package dev.drawbridge.identity.web;

import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.ReservedEndpoints;
import dev.drawbridge.identity.jwt.AssertionSigner;
import dev.drawbridge.identity.oidc.OidcProvider;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.identity.webauthn.Ceremonies;
import dev.drawbridge.identity.webauthn.Invites;
import dev.drawbridge.identity.webauthn.LocalUsers;
import dev.drawbridge.store.PendingCeremonyRepository;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /.drawbridge/{login,callback,handoff,logout,jwks.json,webauthn/…}}. {@code
 * jwks.json} is answered at once from memory; everything else runs on the identity worker pool
 * (store and IdP I/O). A full pool answers 503. {@code logout} signs out only on POST; a GET shows
 * a form that POSTs.
 */
public final class IdentityEndpoints implements ReservedEndpoints {
  private static final Logger log = LoggerFactory.getLogger(IdentityEndpoints.class);
  private static final String PREFIX = "/.drawbridge/";

  private final AssertionSigner signer;
  private final OidcRoutes oidc;
  private final WebauthnRoutes webauthn;
  private final Executor worker;
  private final CliLoginRoute cliLogin;
  private final Handoff handoff;

  /**
   * {@code shared}: where ceremonies in progress (OIDC state, WebAuthn challenges) are kept when
   * several gateways share one PostgreSQL, so that a sign-in may finish through any of them; null
   * keeps them in this process's memory (one gateway).
   */
  public IdentityEndpoints(
      AssertionSigner signer,
      Map<String, OidcProvider> providers,
      boolean localUsers,
      SessionManager sessions,
      Ceremonies ceremonies,
      Invites invites,
      LocalUsers users,
      Redirects redirects,
      LoginAudit audit,
      Clock clock,
      Executor worker,
      PendingCeremonyRepository shared) {
    this.signer = signer;
    this.handoff = new Handoff(sessions, redirects, clock, shared);
    this.oidc =
        new OidcRoutes(
            providers,
            localUsers,
            sessions,
            redirects,
            audit,
            clock,
            shared,
            handoff,
            ceremonies == null ? null : ceremonies.rpId());
    this.webauthn =
        ceremonies == null
            ? null
            : new WebauthnRoutes(
                ceremonies, invites, users, sessions, redirects, audit, clock, shared, handoff);
    this.worker = worker;
    this.cliLogin = new CliLoginRoute(sessions, clock);
  }

  @Override
  public CompletableFuture<FullHttpResponse> handle(RequestContext rc, FullHttpRequest request) {
    String path = rc.path();
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String sub = path.substring(PREFIX.length());
    if (sub.equals("jwks.json")) {
      FullHttpResponse r = Http.bytes(200, signer.jwksJson(), "application/json");
      r.headers().set("Cache-Control", "public, max-age=60");
      return CompletableFuture.completedFuture(r);
    }
    boolean get = rc.method().equals("GET") || rc.method().equals("HEAD");
    boolean known =
        switch (sub) {
          case "login", "callback", "cli-login", "handoff" -> get;
          case "logout" -> get || rc.method().equals("POST");
          default -> sub.startsWith("webauthn/") && webauthn != null;
        };
    if (!known) {
      return null;
    }
    try {
      return CompletableFuture.supplyAsync(() -> route(sub, rc, request), worker);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          Pages.message(503, "Busy", "Sign-in is busy. Try again in a moment."));
    }
  }

  private FullHttpResponse route(String sub, RequestContext rc, FullHttpRequest req) {
    try {
      FullHttpResponse r =
          switch (sub) {
            case "login" -> oidc.login(rc, req);
            case "callback" -> oidc.callback(rc, req);
            case "handoff" -> handoff.redeem(rc, req);
            case "logout" -> oidc.logout(rc, req);
            case "cli-login" -> cliLogin.handle(rc, req);
            default -> webauthn.handle(sub.substring("webauthn/".length()), rc, req);
          };
      return r != null ? r : Http.jsonError(404, "not_found");
    } catch (RuntimeException e) {
      log.warn("identity endpoint {} failed for request {}", sub, rc.requestId(), e);
      return Pages.message(500, "Error", "Something went wrong (request " + rc.requestId() + ").");
    }
  }
}
