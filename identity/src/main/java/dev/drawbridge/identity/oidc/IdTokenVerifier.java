package dev.drawbridge.identity.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Validates an id_token (OIDC Core §3.1.3.7) with a distinct reason for each failure: the algorithm
 * must be RS256 or ES256 ({@code none}, HMAC and everything else: {@code alg_not_allowed}), the
 * signature must verify with a key of the provider's JWKS ({@code bad_signature}), {@code iss} must
 * be the provider ({@code wrong_issuer}), {@code aud} must contain the client id ({@code
 * wrong_audience}), {@code exp} must be in the future within 60 s of skew ({@code token_expired}),
 * and {@code nonce} must be the one sent ({@code nonce_mismatch}).
 */
public final class IdTokenVerifier {
  public static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  public static final Duration SKEW = Duration.ofSeconds(60);
  private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

  private IdTokenVerifier() {}

  public static JWTClaimsSet verify(
      String idToken,
      String issuer,
      String clientId,
      JWKSource<SecurityContext> keys,
      String expectedNonce,
      Instant now)
      throws LoginFailure {
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken);
    } catch (ParseException e) {
      throw new LoginFailure("malformed_token", "id_token is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new LoginFailure(
          "alg_not_allowed", "id_token algorithm " + jwt.getHeader().getAlgorithm() + " refused");
    }
    JWSHeader header = signed.getHeader();
    if (!ALLOWED.contains(header.getAlgorithm())) {
      throw new LoginFailure(
          "alg_not_allowed", "id_token algorithm " + header.getAlgorithm() + " refused");
    }
    if (!verifies(signed, header, keys)) {
      throw new LoginFailure("bad_signature", "id_token signature does not verify");
    }
    JWTClaimsSet c;
    try {
      c = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new LoginFailure("malformed_token", "id_token claims are not JSON");
    }
    if (!issuer.equals(c.getIssuer())) {
      throw new LoginFailure("wrong_issuer", "id_token iss " + c.getIssuer() + " is not " + issuer);
    }
    if (c.getAudience() == null || !c.getAudience().contains(clientId)) {
      throw new LoginFailure("wrong_audience", "id_token aud does not contain the client id");
    }
    Object azp = c.getClaim("azp");
    if (c.getAudience().size() > 1 && azp != null && !clientId.equals(azp)) {
      throw new LoginFailure("wrong_audience", "id_token azp is not the client id");
    }
    Date exp = c.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant().plus(SKEW))) {
      throw new LoginFailure("token_expired", "id_token expired at " + exp);
    }
    Date iat = c.getIssueTime();
    if (iat != null && iat.toInstant().isAfter(now.plus(SKEW))) {
      throw new LoginFailure("token_not_yet_valid", "id_token issued in the future");
    }
    Object nonce = c.getClaim("nonce");
    if (!(nonce instanceof String n)
        || !MessageDigest.isEqual(
            n.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
      throw new LoginFailure("nonce_mismatch", "id_token nonce is not the one sent");
    }
    if (c.getSubject() == null) {
      throw new LoginFailure("malformed_token", "id_token has no sub");
    }
    return c;
  }

  /**
   * Whether {@code jwt} verifies with a key of {@code keys} matching its header; {@code
   * idp_unavailable} when the keys cannot be fetched.
   */
  public static boolean verifies(SignedJWT jwt, JWSHeader header, JWKSource<SecurityContext> keys)
      throws LoginFailure {
    List<JWK> candidates;
    try {
      candidates = keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
    } catch (Exception e) {
      throw new LoginFailure(
          "idp_unavailable", "cannot fetch the provider's keys: " + e.getMessage(), e);
    }
    for (JWK k : candidates == null ? List.<JWK>of() : candidates) {
      try {
        Key key =
            k instanceof com.nimbusds.jose.jwk.RSAKey r
                ? r.toRSAPublicKey()
                : k instanceof com.nimbusds.jose.jwk.ECKey ec ? ec.toECPublicKey() : null;
        if (key == null) {
          continue;
        }
        JWSVerifier v = VERIFIERS.createJWSVerifier(header, key);
        if (jwt.verify(v)) {
          return true;
        }
      } catch (JOSEException e) {
        // a key of the wrong type for this algorithm: try the next one
      }
    }
    return false;
  }

  /** A claim as a list of strings: a JSON array, a single string, or absent (empty). */
  public static List<String> strings(JWTClaimsSet c, String name) {
    Object v = c.getClaim(name);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o != null) {
          out.add(o.toString());
        }
      }
    } else if (v instanceof String s && !s.isBlank()) {
      out.add(s);
    }
    return out;
  }
}
