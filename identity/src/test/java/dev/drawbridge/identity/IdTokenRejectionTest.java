package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.config.IdentityConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted id_tokens from a test provider, each refused with its own audit reason (OIDC Core
 * §3.1.3.7), and no session created.
 */
class IdTokenRejectionTest {
  @TempDir Path dir;
  FakeIdp idp;
  IdentityStack stack;

  @BeforeEach
  void start() throws Exception {
    idp = new FakeIdp();
    stack =
        new IdentityStack(
            dir,
            Clock.systemUTC(),
            IdentityStack.config(List.of(IdentityStack.provider("corp", idp.issuerUri())), false));
  }

  @AfterEach
  void stop() {
    stack.close();
    idp.close();
  }

  private JWTClaimsSet.Builder good(String nonce) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(idp.issuer())
        .audience("drawbridge")
        .subject("bob-sub")
        .claim("email", "bob@corp.example")
        .claim("email_verified", true)
        .claim("nonce", nonce)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  private static String rs256(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String loginWith(UnaryOperator<JWTClaimsSet.Builder> claims) throws Exception {
    idp.idToken = (nonce, p) -> rs256(p.key, claims.apply(good(nonce)).build());
    return login();
  }

  private String login() throws Exception {
    Browserless b = new Browserless();
    HttpResponse<String> r = b.follow(stack.base() + "/");
    return r.statusCode() + " " + (r.statusCode() == 200 ? r.body() : "");
  }

  private void assertRefused(String outcome, String reason) {
    assertThat(outcome).startsWith("403");
    assertThat(stack.auditWithReason(reason)).hasSize(1);
    assertThat(stack.auditWithReason(reason).get(0))
        .containsEntry("event", "login")
        .containsEntry("decision", "deny")
        .containsEntry("idp", "corp");
    assertThat(stack.identity.sessions().list()).isEmpty();
  }

  @Test
  void acceptsAWellFormedToken() throws Exception {
    assertThat(loginWith(c -> c)).startsWith("200").contains("hello bob@corp.example");
  }

  @Test
  void acceptsATokenExpiredWithinTheAllowedSkew() throws Exception {
    String r =
        loginWith(c -> c.expirationTime(Date.from(Instant.now().minus(Duration.ofSeconds(30)))));
    assertThat(r).startsWith("200");
  }

  @Test
  void refusesAWrongNonce() throws Exception {
    assertRefused(loginWith(c -> c.claim("nonce", "not-the-one")), "nonce_mismatch");
  }

  @Test
  void refusesAlgNone() throws Exception {
    idp.idToken = (nonce, p) -> new PlainJWT(good(nonce).build()).serialize();
    assertRefused(login(), "alg_not_allowed");
  }

  @Test
  void refusesHs256SignedWithThePublicKey() throws Exception {
    idp.idToken =
        (nonce, p) -> {
          try {
            SignedJWT jwt =
                new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                    good(nonce).build());
            jwt.sign(new MACSigner(p.key.toRSAPublicKey().getEncoded()));
            return jwt.serialize();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    assertRefused(login(), "alg_not_allowed");
  }

  @Test
  void refusesASignatureByAnotherKey() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
    idp.idToken = (nonce, p) -> rs256(other, good(nonce).build());
    assertRefused(login(), "bad_signature");
  }

  @Test
  void refusesAnExpiredToken() throws Exception {
    assertRefused(
        loginWith(c -> c.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(2))))),
        "token_expired");
  }

  @Test
  void refusesAWrongAudience() throws Exception {
    assertRefused(loginWith(c -> c.audience("someone-else")), "wrong_audience");
  }

  @Test
  void refusesAnEmailTheProviderDoesNotSayIsVerified() throws Exception {
    idp.idToken =
        (nonce, p) -> {
          JWTClaimsSet.Builder c = good(nonce);
          c.claim("email_verified", null);
          return rs256(p.key, c.build());
        };
    HttpResponse<String> r = new Browserless().follow(stack.base() + "/");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("has not confirmed that the e-mail address");
    assertRefused("403", "email_not_verified");
    assertThat(stack.auditWithReason("email_not_verified").get(0).get("principal")).isNull();
  }

  /** The same stack, with the provider configured {@code assume_email_verified: true}. */
  private void assumingEmailVerified() throws Exception {
    stack.close();
    IdentityConfig.Provider p = IdentityStack.provider("corp", idp.issuerUri());
    IdentityConfig.Provider assume =
        new IdentityConfig.Provider(
            p.id(),
            p.type(),
            p.issuer(),
            p.clientId(),
            p.clientSecret(),
            p.groupsClaim(),
            p.scopes(),
            true);
    stack =
        new IdentityStack(
            dir.resolve("assume"), Clock.systemUTC(), IdentityStack.config(List.of(assume), false));
  }

  @Test
  void acceptsAMissingEmailVerifiedFromAProviderConfiguredToAssumeIt() throws Exception {
    assumingEmailVerified();
    idp.idToken =
        (nonce, p) -> {
          JWTClaimsSet.Builder c = good(nonce);
          c.claim("email_verified", null);
          return rs256(p.key, c.build());
        };
    assertThat(login()).startsWith("200");
    assertThat(stack.identity.sessions().list()).hasSize(1);
  }

  @Test
  void refusesAnExplicitFalseEvenFromAProviderConfiguredToAssumeVerified() throws Exception {
    assumingEmailVerified();
    assertRefused(loginWith(c -> c.claim("email_verified", false)), "email_not_verified");
  }

  @Test
  void refusesAnEmailMarkedUnverified() throws Exception {
    assertRefused(loginWith(c -> c.claim("email_verified", false)), "email_not_verified");
  }

  @Test
  void refusesAnEmailVerifiedClaimThatIsNotTrue() throws Exception {
    assertRefused(loginWith(c -> c.claim("email_verified", "yes")), "email_not_verified");
  }

  @Test
  void acceptsEmailVerifiedSentAsTheStringTrue() throws Exception {
    assertThat(loginWith(c -> c.claim("email_verified", "true"))).startsWith("200");
  }

  @Test
  void refusesAnotherIssuer() throws Exception {
    assertRefused(loginWith(c -> c.issuer("https://evil.example")), "wrong_issuer");
  }
}
