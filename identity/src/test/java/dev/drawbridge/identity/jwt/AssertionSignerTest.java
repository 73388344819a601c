package dev.drawbridge.identity.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.testkit.MutableClock;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssertionSignerTest {
  static final URI PUBLIC = URI.create("https://access.corp.example/");
  static final Verdict.Principal ANA =
      new Verdict.Principal(
          "ana@corp.example",
          "user",
          "sess-1",
          "ana@corp.example",
          List.of("engineering"),
          "okta",
          List.of("hwk"));

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));

  private static boolean verifies(String jwt, String jwks) throws Exception {
    SignedJWT s = SignedJWT.parse(jwt);
    ECKey key = (ECKey) JWKSet.parse(jwks).getKeyByKeyId(s.getHeader().getKeyID());
    return key != null && s.verify(new ECDSAVerifier(key));
  }

  @Test
  void signsTheSpecClaimsVerifiableWithTheJwks() throws Exception {
    AssertionSigner signer = new AssertionSigner(dir, PUBLIC, clock);
    Instant now = clock.instant();
    String jwt = signer.sign("git", ANA, "req-42", now);
    assertThat(verifies(jwt, signer.jwksJson())).isTrue();
    SignedJWT s = SignedJWT.parse(jwt);
    assertThat(s.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    JWTClaimsSet c = s.getJWTClaimsSet();
    assertThat(c.getIssuer()).isEqualTo("https://access.corp.example");
    assertThat(c.getAudience()).containsExactly("git");
    assertThat(c.getSubject()).isEqualTo("ana@corp.example");
    assertThat(c.getStringClaim("email")).isEqualTo("ana@corp.example");
    assertThat(c.getStringListClaim("groups")).containsExactly("engineering");
    assertThat(c.getStringListClaim("amr")).containsExactly("hwk");
    assertThat(c.getStringClaim("principal_type")).isEqualTo("user");
    assertThat(c.getIssueTime().toInstant()).isEqualTo(now);
    assertThat(c.getExpirationTime().toInstant()).isEqualTo(now.plus(Duration.ofMinutes(5)));
    assertThat(c.getStringClaim("sid")).isEqualTo("sess-1");
    assertThat(c.getJWTID()).isEqualTo("req-42");
  }

  @Test
  void escapesClaimValues() throws Exception {
    AssertionSigner signer = new AssertionSigner(dir, PUBLIC, clock);
    Verdict.Principal odd =
        new Verdict.Principal("ci\"bot\\\n", "service", "t1", null, List.of(), null, List.of());
    JWTClaimsSet c =
        SignedJWT.parse(signer.sign("git", odd, "r", clock.instant())).getJWTClaimsSet();
    assertThat(c.getSubject()).isEqualTo("ci\"bot\\\n");
    assertThat(c.getClaim("email")).isNull();
  }

  @Test
  void keepsItsKeyAcrossRestartsInAPrivateFile() throws Exception {
    AssertionSigner first = new AssertionSigner(dir, PUBLIC, clock);
    AssertionSigner second = new AssertionSigner(dir, PUBLIC, clock);
    assertThat(second.currentKeyId()).isEqualTo(first.currentKeyId());
    Path file = dir.resolve("keys").resolve(KeyFile.NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(second.jwksJson()).doesNotContain("\"d\"");
  }

  @Test
  void rotationKeepsTheOldKeyPublishedUntilItsLastTokenExpired() throws Exception {
    AssertionSigner signer = new AssertionSigner(dir, PUBLIC, clock);
    String oldKid = signer.currentKeyId();
    String old = signer.sign("git", ANA, "r1", clock.instant());
    signer.rotate();
    assertThat(signer.currentKeyId()).isNotEqualTo(oldKid);
    String fresh = signer.sign("git", ANA, "r2", clock.instant());
    assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(signer.currentKeyId());
    assertThat(verifies(old, signer.jwksJson())).isTrue();
    assertThat(verifies(fresh, signer.jwksJson())).isTrue();

    clock.advance(Duration.ofMinutes(5).plusSeconds(59));
    assertThat(verifies(old, signer.jwksJson())).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(signer.jwksJson()).doesNotContain(oldKid);
    assertThat(verifies(fresh, signer.jwksJson())).isTrue();
    assertThat(new AssertionSigner(dir, PUBLIC, clock).currentKeyId())
        .isEqualTo(signer.currentKeyId());
  }

  @Test
  void signsFastEnoughForTheEventLoop() {
    AssertionSigner signer = new AssertionSigner(dir, PUBLIC, clock);
    Instant now = clock.instant();
    for (int i = 0; i < 300; i++) {
      signer.sign("git", ANA, "warm" + i, now);
    }
    int n = 1000;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      signer.sign("git", ANA, "r" + i, now);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("AssertionSigner: %.0f signatures/s on one thread%n", n / secs);
    assertThat(n / secs).isGreaterThan(50);
  }
}
