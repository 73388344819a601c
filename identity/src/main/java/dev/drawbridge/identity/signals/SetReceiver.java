package dev.drawbridge.identity.signals;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.store.SeenTokenRepository;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shared Signals push receiver (RFC 8935) at {@code POST /.drawbridge/ssf/events}: the body is
 * one Security Event Token (RFC 8417), signed by a configured transmitter ({@code
 * identity.signals}) with a key of its JWKS (fetched once, cached, refetched when a token names an
 * unknown {@code kid}), with its audience in {@code aud}, an {@code iat} in the window and a {@code
 * jti} not seen before. Accepted: 202, each event then handled by {@link SignalActions}. Refused:
 * 400 {@code {"err": code, "description": …}} with the RFC 8935 codes. Each event received and each
 * SET refused is an audit event.
 */
final class SetReceiver {
  private static final Logger log = LoggerFactory.getLogger(SetReceiver.class);

  /** A SET is small; a larger body is refused before parsing. */
  static final int MAX_BODY = 64 * 1024;

  private record Transmitter(IdentityConfig.Signal config, JWKSource<SecurityContext> keys) {}

  private final Map<String, Transmitter> transmitters = new LinkedHashMap<>();
  private final SignalActions actions;
  private final SeenTokenRepository seen;
  private final SignalAudit audit;
  private final Clock clock;

  SetReceiver(
      java.util.List<IdentityConfig.Signal> signals,
      SignalActions actions,
      SeenTokenRepository seen,
      SignalAudit audit,
      Clock clock) {
    for (IdentityConfig.Signal s : signals) {
      try {
        JWKSource<SecurityContext> keys =
            JWKSourceBuilder.<SecurityContext>create(s.jwksUri().toURL()).retrying(true).build();
        transmitters.put(s.issuer(), new Transmitter(s, keys));
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("identity.signals: jwks_uri " + s.jwksUri(), e);
      }
    }
    this.actions = actions;
    this.seen = seen;
    this.audit = audit;
    this.clock = clock;
  }

  boolean enabled() {
    return !transmitters.isEmpty();
  }

  FullHttpResponse handle(RequestContext rc, FullHttpRequest req) {
    String issuer = null;
    String jti = null;
    try {
      if (req.content().readableBytes() > MAX_BODY) {
        throw new SignalFailure("too_large", "invalid_request", "body over " + MAX_BODY + " bytes");
      }
      SignedJWT jwt = SignedTokens.parse(req.content().toString(StandardCharsets.UTF_8));
      JWTClaimsSet unverified = SignedTokens.claims(jwt);
      issuer = unverified.getIssuer();
      jti = unverified.getJWTID();
      Transmitter t = issuer == null ? null : transmitters.get(issuer);
      if (t == null) {
        throw new SignalFailure("unknown_issuer", "invalid_issuer", "iss is no transmitter");
      }
      SignedTokens.verifySignature(jwt, t.keys());
      Instant now = clock.instant();
      JWTClaimsSet c = SignedTokens.claims(jwt);
      SignedTokens.checkClaims(c, t.config().audience(), now);
      Map<String, Object> events;
      try {
        events = c.getJSONObjectClaim("events");
      } catch (java.text.ParseException e) {
        events = null;
      }
      if (events == null || events.isEmpty()) {
        throw new SignalFailure("missing_events", "invalid_request", "no events");
      }
      if (!seen.firstUse("ssf:" + issuer, c.getJWTID(), SignedTokens.acceptableUntil(c), now)) {
        throw new SignalFailure("replayed_jti", "invalid_request", "jti already used");
      }
      for (Map.Entry<String, Object> e : events.entrySet()) {
        Object subject =
            e.getValue() instanceof Map<?, ?> m && m.get("subject") != null
                ? m.get("subject")
                : c.getClaim("sub_id");
        actions.apply(rc, issuer, jti, e.getKey(), SubjectId.of(subject));
      }
      return Replies.empty(202);
    } catch (SignalFailure f) {
      log.info("security event token refused ({}): {}", f.reason(), f.getMessage());
      audit.emit(rc, "set", issuer, jti, null, null, false, f.reason(), "none", 0);
      return Replies.json(
          400, "{\"err\":\"" + f.err() + "\",\"description\":\"" + f.reason() + "\"}");
    }
  }
}
