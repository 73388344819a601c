package dev.drawbridge.identity.signals;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.oidc.LoginFailure;
import dev.drawbridge.identity.oidc.OidcProvider;
import dev.drawbridge.store.SeenTokenRepository;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect Back-Channel Logout 1.0 (§2.6 validation): {@code POST
 * /.drawbridge/backchannel-logout} with a form body {@code logout_token=…}. The token's {@code iss}
 * picks the configured provider ({@code unknown_issuer}); it must be signed by a key of that
 * provider's JWKS, name its client id in {@code aud}, have an {@code iat} within the window, an
 * {@code events} member with {@code http://schemas.openid.net/event/backchannel-logout} ({@code
 * missing_event}), a {@code sid} or a {@code sub} ({@code missing_sid_and_sub}), no {@code nonce}
 * ({@code nonce_present}) and a {@code jti} not seen before through any gateway ({@code
 * replayed_jti}). The sessions issued through that provider with that {@code sid} and/or {@code
 * sub} are revoked; 200 then (also when none matched), else 400 {@code {"error": reason}}.
 */
final class BackchannelLogout {
  private static final Logger log = LoggerFactory.getLogger(BackchannelLogout.class);
  static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
  static final String SIGNAL = "backchannel_logout";

  /** A logout token is well under a few KiB; a larger body is refused before parsing. */
  static final int MAX_BODY = 16 * 1024;

  private final Map<String, OidcProvider> providers;
  private final Enforcement enforce;
  private final SeenTokenRepository seen;
  private final SignalAudit audit;
  private final Clock clock;

  BackchannelLogout(
      Map<String, OidcProvider> providers,
      Enforcement enforce,
      SeenTokenRepository seen,
      SignalAudit audit,
      Clock clock) {
    this.providers = providers;
    this.enforce = enforce;
    this.seen = seen;
    this.audit = audit;
    this.clock = clock;
  }

  FullHttpResponse handle(RequestContext rc, FullHttpRequest req) {
    String issuer = null;
    String jti = null;
    try {
      if (req.content().readableBytes() > MAX_BODY) {
        throw new SignalFailure("too_large", "invalid_request", "body over " + MAX_BODY + " bytes");
      }
      String body = req.content().toString(StandardCharsets.UTF_8);
      List<String> values =
          new QueryStringDecoder(body, StandardCharsets.UTF_8, false)
              .parameters()
              .getOrDefault("logout_token", List.of());
      if (values.size() != 1 || values.get(0).isBlank()) {
        throw new SignalFailure(
            "malformed_request", "invalid_request", "expected one logout_token form parameter");
      }
      SignedJWT jwt = SignedTokens.parse(values.get(0));
      JWTClaimsSet unverified = SignedTokens.claims(jwt);
      issuer = unverified.getIssuer();
      jti = unverified.getJWTID();
      OidcProvider p = provider(issuer);
      JOSEObjectType typ = jwt.getHeader().getType();
      if (typ != null
          && !typ.getType().equalsIgnoreCase("logout+jwt")
          && !typ.getType().equalsIgnoreCase("JWT")) {
        throw new SignalFailure("wrong_type", "invalid_request", "typ " + typ + " refused");
      }
      JWKSource<SecurityContext> keys;
      try {
        keys = p.keys();
      } catch (LoginFailure e) {
        throw new SignalFailure("keys_unavailable", "invalid_key", e.getMessage());
      }
      SignedTokens.verifySignature(jwt, keys);
      Instant now = clock.instant();
      JWTClaimsSet c = SignedTokens.claims(jwt);
      SignedTokens.checkClaims(c, p.config().clientId(), now);
      Object events = c.getClaim("events");
      if (!(events instanceof Map<?, ?> ev) || !(ev.get(EVENT) instanceof Map<?, ?>)) {
        throw new SignalFailure("missing_event", "invalid_request", "events lacks " + EVENT);
      }
      Object sidClaim = c.getClaim("sid");
      String sid = sidClaim instanceof String s && !s.isEmpty() ? s : null;
      String sub = c.getSubject() == null || c.getSubject().isEmpty() ? null : c.getSubject();
      if (sid == null && sub == null) {
        throw new SignalFailure("missing_sid_and_sub", "invalid_request", "neither sid nor sub");
      }
      if (c.getClaim("nonce") != null) {
        throw new SignalFailure("nonce_present", "invalid_request", "a logout token has no nonce");
      }
      if (!seen.firstUse("oidc:" + issuer, c.getJWTID(), SignedTokens.acceptableUntil(c), now)) {
        throw new SignalFailure("replayed_jti", "invalid_request", "jti already used");
      }
      List<String> ended = enforce.sessions().revokeByProviderSession(p.id(), sid, sub);
      List<String> principals = ended.stream().distinct().toList();
      if (principals.isEmpty()) {
        audit.emit(rc, SIGNAL, issuer, jti, null, null, true, "no_matching_session", "none", 0);
      }
      for (String who : principals) {
        int n = (int) ended.stream().filter(who::equals).count();
        audit.emit(rc, SIGNAL, issuer, jti, who, "user", true, "logged_out", "sessions_revoked", n);
      }
      FullHttpResponse r = Replies.json(200, "{}");
      return r;
    } catch (SignalFailure f) {
      log.info("back-channel logout refused ({}): {}", f.reason(), f.getMessage());
      audit.emit(rc, SIGNAL, issuer, jti, null, null, false, f.reason(), "none", 0);
      return Replies.json(400, "{\"error\":\"" + f.reason() + "\"}");
    }
  }

  private OidcProvider provider(String iss) throws SignalFailure {
    if (iss != null) {
      for (OidcProvider p : providers.values()) {
        if (sameIssuer(p.config().issuer().toString(), iss)) {
          return p;
        }
      }
    }
    throw new SignalFailure("unknown_issuer", "invalid_issuer", "iss is no configured provider");
  }

  /** Issuers compared as OIDC does, exactly, but forgiving one trailing slash in the config. */
  static boolean sameIssuer(String configured, String iss) {
    return configured.equals(iss)
        || (configured.endsWith("/")
            && configured.substring(0, configured.length() - 1).equals(iss));
  }
}
