package dev.drawbridge.identity.signals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.identity.oidc.IdTokenVerifier;
import dev.drawbridge.identity.oidc.LoginFailure;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The checks logout tokens and SETs share: a signed JWT (RS256 or ES256: {@code none}, HMAC and
 * everything else are {@code alg_not_allowed}), its signature by a key of the sender's JWKS ({@code
 * bad_signature}), {@code aud} ({@code wrong_audience}), {@code iat} within the window ({@code
 * stale_iat}), {@code exp} if present ({@code token_expired}), a {@code jti} ({@code missing_jti}).
 */
final class SignedTokens {
  /** How old an {@code iat} may be. */
  static final Duration WINDOW = Duration.ofMinutes(5);

  /** Clock skew allowed for an {@code iat} in the future and an {@code exp} in the past. */
  static final Duration SKEW = Duration.ofSeconds(60);

  private SignedTokens() {}

  /** Parses a compact JWS without verifying it (to find its issuer). */
  static SignedJWT parse(String token) throws SignalFailure {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.trim());
    } catch (ParseException | RuntimeException e) {
      throw new SignalFailure("malformed_token", "invalid_request", "not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new SignalFailure(
          "alg_not_allowed",
          "invalid_key",
          "algorithm " + jwt.getHeader().getAlgorithm() + " refused (expected: RS256 or ES256)");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!IdTokenVerifier.ALLOWED.contains(alg)) {
      throw new SignalFailure(
          "alg_not_allowed",
          "invalid_key",
          "algorithm " + alg + " refused (expected: RS256, ES256)");
    }
    return signed;
  }

  static JWTClaimsSet claims(SignedJWT jwt) throws SignalFailure {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new SignalFailure("malformed_token", "invalid_request", "claims are not a JSON object");
    }
  }

  static void verifySignature(SignedJWT jwt, JWKSource<SecurityContext> keys) throws SignalFailure {
    boolean ok;
    try {
      ok = IdTokenVerifier.verifies(jwt, jwt.getHeader(), keys);
    } catch (LoginFailure e) {
      throw new SignalFailure(
          "keys_unavailable", "invalid_key", "cannot fetch the sender's keys: " + e.getMessage());
    }
    if (!ok) {
      throw new SignalFailure(
          "bad_signature", "invalid_key", "signature does not verify with the sender's keys");
    }
  }

  /** {@code aud}, {@code iat}, {@code exp} and the presence of {@code jti}. */
  static void checkClaims(JWTClaimsSet c, String audience, Instant now) throws SignalFailure {
    List<String> aud = c.getAudience();
    if (aud == null || !aud.contains(audience)) {
      throw new SignalFailure(
          "wrong_audience", "invalid_audience", "aud does not contain " + audience);
    }
    Date iat = c.getIssueTime();
    if (iat == null) {
      throw new SignalFailure("missing_iat", "invalid_request", "no iat");
    }
    Instant issued = iat.toInstant();
    if (issued.isBefore(now.minus(WINDOW)) || issued.isAfter(now.plus(SKEW))) {
      throw new SignalFailure(
          "stale_iat",
          "invalid_request",
          "iat " + issued + " is outside the window (" + WINDOW.toMinutes() + " min before now)");
    }
    Date exp = c.getExpirationTime();
    if (exp != null && !now.isBefore(exp.toInstant().plus(SKEW))) {
      throw new SignalFailure("token_expired", "invalid_request", "expired at " + exp.toInstant());
    }
    String jti = c.getJWTID();
    if (jti == null || jti.isBlank() || jti.length() > 256) {
      throw new SignalFailure("missing_jti", "invalid_request", "no jti (or longer than 256)");
    }
  }

  /** Until when a token issued at {@code c.iat} could be accepted: how long its jti is kept. */
  static Instant acceptableUntil(JWTClaimsSet c) {
    return c.getIssueTime().toInstant().plus(WINDOW).plus(SKEW).plus(SKEW);
  }
}
