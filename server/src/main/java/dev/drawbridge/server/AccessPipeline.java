package dev.drawbridge.server;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.Effect;
import dev.drawbridge.control.Lock;
import dev.drawbridge.control.LockService;
import dev.drawbridge.control.TokenCheck;
import dev.drawbridge.control.TokenService;
import dev.drawbridge.gateway.AccessDecider;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.policy.AccessRequest;
import dev.drawbridge.policy.Classification;
import dev.drawbridge.policy.Decision;
import dev.drawbridge.policy.PolicyEngine;
import dev.drawbridge.policy.PrincipalType;
import dev.drawbridge.policy.ResourceMap;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The decision step: who is asking (service token, user session, or nobody), is that principal
 * locked, what does policy say, and what goes upstream. Runs on the event loop from memory only.
 * Order: credentials, then locks, then policy — so a locked or revoked principal is denied even
 * where policy would allow it. On a shared store that this process has not been able to read for
 * longer than {@code store.max_staleness} ({@code stale}), what a credential or session would be
 * allowed gets 503 ({@code control_plane_stale}) instead: a revocation, lock or rotation made
 * through another process may be missing from memory. Bypass and anonymous decisions do not depend
 * on that state and stand. A dormant service credential back from a new network is refused after
 * the lock check ({@link DormantCredentialGuard}, reason {@code dormant_credential_new_network}),
 * before policy and before the upstream is contacted.
 */
final class AccessPipeline implements AccessDecider {
  /** Per-request correlation for the upstream (SPEC §4): the assertion itself is reused. */
  static final String REQUEST_ID = "Drawbridge-Request-Id";

  static final String ASSERTION = "Drawbridge-Jwt-Assertion";
  private final PolicyEngine policy;
  private final Map<String, ResourceMap> resources;
  private final TokenService tokens;
  private final LockService locks;
  private final Identity identity;
  private final BooleanSupplier stale;
  private final DormantCredentialGuard dormant;

  AccessPipeline(
      PolicyEngine policy,
      Map<String, ResourceMap> resources,
      TokenService tokens,
      LockService locks,
      Identity identity,
      BooleanSupplier stale) {
    this(policy, resources, tokens, locks, identity, stale, DormantCredentialGuard.off());
  }

  AccessPipeline(
      PolicyEngine policy,
      Map<String, ResourceMap> resources,
      TokenService tokens,
      LockService locks,
      Identity identity,
      BooleanSupplier stale,
      DormantCredentialGuard dormant) {
    this.policy = policy;
    this.resources = Map.copyOf(resources);
    this.tokens = tokens;
    this.locks = locks;
    this.identity = identity;
    this.stale = stale;
    this.dormant = dormant;
  }

  @Override
  public Verdict decide(RequestContext rc) {
    String app = rc.app().id();
    Classification cls = resources.get(app).classify(rc.method(), rc.path());
    byte[] ip = Cidr.bytes(rc.clientIp());
    Map<String, Object> extra = new HashMap<>(4);

    Verdict.Principal principal = Verdict.Principal.ANONYMOUS;
    String noSession = "unauthenticated";
    boolean viaAuthorization = false;
    TokenCheck proven = null;
    ServiceCredentials creds = ServiceCredentials.extract(rc.headers());
    if (creds != null) {
      if (creds.malformed()) {
        return verdict(
            Verdict.Kind.UNAUTHENTICATED, "malformed_credentials", null, principal, cls, extra);
      }
      TokenCheck check =
          tokens.verify(creds.clientId(), creds.secret(), ip, rc.clientIpText(), app);
      if (check.name() != null) {
        principal =
            new Verdict.Principal(
                check.name(), "service", check.tokenId(), null, List.of(), null, List.of());
      }
      if (check.exposed()) {
        // the secret was proven: mark the event even when the token is denied (wrong network,
        // out of scope, expired), since a leaked secret tried from elsewhere is the case to see
        extra.put("credential_exposed", true);
      }
      if (check.ok()) {
        proven = check;
        if (check.credentialIdleDays() != null) {
          extra.put("credential_idle_days", check.credentialIdleDays());
        }
        extra.put("new_network", check.newNetwork());
      } else {
        Verdict.Kind kind =
            TokenCheck.UNKNOWN_CREDENTIAL.equals(check.reason())
                    || TokenCheck.BAD_SECRET.equals(check.reason())
                ? Verdict.Kind.UNAUTHENTICATED
                : Verdict.Kind.DENY;
        return verdict(kind, check.reason(), null, principal, cls, extra);
      }
      viaAuthorization = creds.viaAuthorization();
    } else {
      Identity.UserCheck user = identity.user(rc);
      if (user.principal().isPresent()) {
        principal = user.principal().get();
      } else if (user.reason() != null && !"no_session".equals(user.reason())) {
        noSession = user.reason();
      }
    }

    if (principal.name() != null) {
      Optional<Lock> lock = locks.lockOf(principal.name());
      if (lock.isPresent()) {
        dormant.lockSeen(principal.name());
        return verdict(Verdict.Kind.DENY, "locked", null, principal, cls, extra);
      }
    }
    if (proven != null
        && dormant.refuses(
            principal.name(), proven.credentialIdleDays(), proven.newNetwork(), rc.startMillis())) {
      return verdict(Verdict.Kind.DENY, DormantCredentialGuard.REASON, null, principal, cls, extra);
    }

    AccessRequest req = request(rc, principal, ip, principal.amr());
    Decision d = policy.decide(req);
    if (d.effect() == Effect.BYPASS) {
      return new Verdict(
          Verdict.Kind.BYPASS,
          d.reason(),
          d.policy(),
          principal,
          cls.resource(),
          cls.action(),
          extra,
          Map.of(REQUEST_ID, rc.requestId()),
          viaAuthorization,
          null);
    }
    if (d.effect() == Effect.ALLOW) {
      if (principal.name() != null && stale.getAsBoolean()) {
        return verdict(
            Verdict.Kind.UNAVAILABLE, "control_plane_stale", d.policy(), principal, cls, extra);
      }
      String jwt = identity.assertion(app, principal, rc.requestId());
      Map<String, String> up =
          jwt == null
              ? Map.of(REQUEST_ID, rc.requestId())
              : Map.of(REQUEST_ID, rc.requestId(), ASSERTION, jwt);
      return new Verdict(
          Verdict.Kind.ALLOW,
          d.reason(),
          d.policy(),
          principal,
          cls.resource(),
          cls.action(),
          extra,
          up,
          viaAuthorization,
          null);
    }
    if ("anonymous".equals(principal.type())) {
      return verdict(Verdict.Kind.UNAUTHENTICATED, noSession, d.policy(), principal, cls, extra);
    }
    if ("user".equals(principal.type()) && rc.isBrowser() && !principal.amr().contains("hwk")) {
      Set<String> stepped = new HashSet<>(principal.amr());
      stepped.add("hwk");
      Decision withKey = policy.decide(request(rc, principal, ip, List.copyOf(stepped)));
      String url = identity.stepUpUrl(rc);
      if (withKey.effect() == Effect.ALLOW && url != null) {
        return new Verdict(
            Verdict.Kind.REDIRECT,
            "step_up_required",
            withKey.policy(),
            principal,
            cls.resource(),
            cls.action(),
            extra,
            Map.of(),
            false,
            url);
      }
    }
    return verdict(Verdict.Kind.DENY, d.reason(), d.policy(), principal, cls, extra);
  }

  private static AccessRequest request(
      RequestContext rc, Verdict.Principal p, byte[] ip, List<String> amr) {
    PrincipalType type =
        switch (p.type()) {
          case "service" -> PrincipalType.SERVICE;
          case "user" -> PrincipalType.USER;
          default -> PrincipalType.ANONYMOUS;
        };
    return new AccessRequest(
        rc.app().id(),
        type,
        p.email(),
        Set.copyOf(p.groups()),
        p.idp(),
        type == PrincipalType.SERVICE ? p.name() : null,
        Set.copyOf(amr),
        ip,
        rc.clientIpText(),
        rc.deviceManaged(),
        rc.method(),
        rc.path(),
        Instant.ofEpochMilli(rc.startMillis()));
  }

  private static Verdict verdict(
      Verdict.Kind kind,
      String reason,
      String policy,
      Verdict.Principal p,
      Classification cls,
      Map<String, Object> extra) {
    return new Verdict(
        kind, reason, policy, p, cls.resource(), cls.action(), extra, Map.of(), false, null);
  }
}
