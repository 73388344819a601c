package dev.drawbridge.identity;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.HostPort;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.ServerConfig;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.gateway.AccessRecorder;
import dev.drawbridge.gateway.ClientAddress;
import dev.drawbridge.gateway.GatewayServer;
import dev.drawbridge.gateway.GatewayState;
import dev.drawbridge.gateway.ReservedEndpoints;
import dev.drawbridge.gateway.Router;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.identity.session.SessionCheck;
import dev.drawbridge.identity.session.UserSession;
import dev.drawbridge.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real gateway on 127.0.0.1:0 with identity wired in, in front of a {@link VerifyingUpstream}.
 * The decider allows users with a session (adding the signed assertion), sends users without {@code
 * hwk} to step-up on {@code /admin}, and answers UNAUTHENTICATED with the session check's reason
 * otherwise. Public URL: {@code http://localhost:<port>}.
 */
final class IdentityStack implements AutoCloseable {
  final Store store;
  final VerifyingUpstream upstream;
  final GatewayServer gateway;
  final IdentityService identity;
  final List<Map<String, Object>> audit = new CopyOnWriteArrayList<>();
  final List<String> decisions = new CopyOnWriteArrayList<>();
  final URI publicUrl;

  IdentityStack(Path dir, Clock clock, IdentityConfig cfg) throws Exception {
    this(dir, clock, cfg, port -> URI.create("http://localhost:" + port));
  }

  /** {@code publicUrlOf}: the configured {@code public_url}, given the gateway's port. */
  IdentityStack(
      Path dir, Clock clock, IdentityConfig cfg, java.util.function.IntFunction<URI> publicUrlOf)
      throws Exception {
    this(dir, clock, cfg, publicUrlOf, List.of());
  }

  /** {@code trustedProxies}: {@code server.trusted_proxies} (none by default). */
  IdentityStack(
      Path dir,
      Clock clock,
      IdentityConfig cfg,
      java.util.function.IntFunction<URI> publicUrlOf,
      List<Cidr> trustedProxies)
      throws Exception {
    this(dir, clock, cfg, publicUrlOf, trustedProxies, null);
  }

  /** {@code storeUrl}: {@code store.url} (null: SQLite in {@code dir}). */
  IdentityStack(
      Path dir,
      Clock clock,
      IdentityConfig cfg,
      java.util.function.IntFunction<URI> publicUrlOf,
      List<Cidr> trustedProxies,
      String storeUrl)
      throws Exception {
    store = Store.open(storeUrl == null ? null : new StoreConfig(storeUrl), dir, clock);
    upstream = new VerifyingUpstream();
    ApplicationConfig app =
        new ApplicationConfig(
            "wiki",
            List.of("localhost", "127.0.0.1"),
            URI.create(upstream.url()),
            null,
            List.of(),
            List.of(),
            List.of(),
            "applications[0]");
    IdentityService[] holder = new IdentityService[1];
    AccessRecorder rec =
        (r, v, o, l) -> {
          decisions.add(v.decisionWire() + " " + v.reason() + " " + r.path());
          return CompletableFuture.completedFuture(null);
        };
    ReservedEndpoints reserved =
        (c, r) -> holder[0] == null ? null : holder[0].endpoints().handle(c, r);
    GatewayState st =
        new GatewayState(
            new Router(List.of(app)),
            new ClientAddress(trustedProxies),
            ServerConfig.Timeouts.defaults(),
            r -> decide(holder[0], r),
            rec,
            reserved);
    gateway = new GatewayServer(st, clock, null, 2).start(new HostPort("127.0.0.1", 0));
    publicUrl = publicUrlOf.apply(gateway.port());
    identity =
        new IdentityService(
            cfg, publicUrl, dir, store, clock, audit::add, Set.of("localhost", "127.0.0.1"));
    identity.start();
    holder[0] = identity;
    upstream.gatewayBase = "http://127.0.0.1:" + gateway.port();
    upstream.issuer = publicUrl.toString();
  }

  private static Verdict decide(IdentityService id, dev.drawbridge.gateway.RequestContext r) {
    SessionCheck c = id.check(r);
    if (c.session().isEmpty()) {
      return new Verdict(
          Verdict.Kind.UNAUTHENTICATED,
          c.reason(),
          null,
          Verdict.Principal.ANONYMOUS,
          null,
          null,
          Map.of(),
          Map.of(),
          false,
          null);
    }
    UserSession s = c.session().get();
    Verdict.Principal p = IdentityService.principal(s);
    if (r.path().startsWith("/admin") && !s.hasAmr("hwk")) {
      return new Verdict(
          Verdict.Kind.REDIRECT,
          "step_up_required",
          "admins",
          p,
          null,
          null,
          Map.of(),
          Map.of(),
          false,
          id.stepUpUrl(r));
    }
    return new Verdict(
        Verdict.Kind.ALLOW,
        "policy_matched",
        "users",
        p,
        null,
        null,
        Map.of(),
        Map.of("Drawbridge-Jwt-Assertion", id.assertion(r, p)),
        false,
        null);
  }

  String base() {
    return "http://localhost:" + gateway.port();
  }

  static IdentityConfig config(List<IdentityConfig.Provider> providers, boolean local) {
    return config(providers, local, "none", List.of());
  }

  static IdentityConfig config(
      List<IdentityConfig.Provider> providers,
      boolean local,
      String attestation,
      List<String> aaguids) {
    return config(providers, local, attestation, aaguids, List.of());
  }

  static IdentityConfig config(
      List<IdentityConfig.Provider> providers,
      boolean local,
      String attestation,
      List<String> aaguids,
      List<Path> attestationRoots) {
    return new IdentityConfig(
        new IdentityConfig.Session(Duration.ofHours(8), Duration.ofHours(1)),
        providers,
        local,
        local
            ? new IdentityConfig.Webauthn(
                "localhost", "Drawbridge", attestation, aaguids, attestationRoots)
            : null);
  }

  static IdentityConfig.Provider provider(String id, URI issuer) {
    return new IdentityConfig.Provider(
        id, "oidc", issuer, "drawbridge", "s3cret", "groups", List.of("openid", "email"), false);
  }

  /** The audit events with this reason. */
  List<Map<String, Object>> auditWithReason(String reason) {
    return audit.stream().filter(m -> reason.equals(m.get("reason"))).toList();
  }

  @Override
  public void close() {
    identity.close();
    gateway.close();
    upstream.close();
    store.close();
  }

  /** The IdP's next login: ana@corp.example (verified), group engineering, amr pwd and mfa. */
  static void enqueueAna(MockOAuth2Server idp) {
    enqueueAna(
        idp,
        Map.of(
            "email",
            "ana@corp.example",
            "email_verified",
            true,
            "groups",
            List.of("engineering"),
            "amr",
            List.of("pwd", "mfa")));
  }

  /**
   * The IdP's next login: ana's subject at provider okta, for the drawbridge client, these claims.
   */
  static void enqueueAna(MockOAuth2Server idp, Map<String, Object> claims) {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "okta", "ana-sub", "JWT", List.of("drawbridge"), claims, 3600));
  }
}
