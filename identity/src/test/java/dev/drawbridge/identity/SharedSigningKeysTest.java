package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.identity.jwt.AssertionSigner;
import dev.drawbridge.store.SigningKeyRecord;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scale-out (SPEC §4, §8): gateways that share one PostgreSQL sign assertions with one key and
 * publish the same JWKS, so an upstream that fetched the JWKS from one accepts JWTs from any. Each
 * "gateway" here is what a process has: its own {@link Store} (pool) and its own data_dir.
 */
class SharedSigningKeysTest {
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

  final TestStores stores = new TestStores();
  final List<AutoCloseable> open = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() throws Exception {
    List<AutoCloseable> all = new ArrayList<>(open);
    Collections.reverse(all);
    for (AutoCloseable c : all) {
      c.close();
    }
    stores.close();
  }

  private Store store(String url, Path dataDir) {
    return store(url, dataDir, null);
  }

  /** {@code encryptionKey}: {@code store.encryption_key}, base64 of 32 bytes, or null. */
  private Store store(String url, Path dataDir, String encryptionKey) {
    return store(url, dataDir, encryptionKey, null);
  }

  private Store store(String url, Path dataDir, String encryptionKey, String previousKey) {
    Store s =
        Store.open(
            new StoreConfig(url, StoreConfig.DEFAULT_MAX_STALENESS, encryptionKey, previousKey),
            dataDir);
    open.add(s);
    return s;
  }

  /** A gateway process: its own store connection and data_dir, the production wiring. */
  private IdentityService gateway(String url, Path dataDir) {
    return gateway(url, dataDir, null);
  }

  private IdentityService gateway(String url, Path dataDir, String encryptionKey) {
    return gateway(url, dataDir, encryptionKey, null);
  }

  private IdentityService gateway(
      String url, Path dataDir, String encryptionKey, String previousKey) {
    IdentityService svc =
        new IdentityService(
            IdentityConfig.defaults(),
            PUBLIC,
            dataDir,
            store(url, dataDir, encryptionKey, previousKey),
            Clock.systemUTC(),
            e -> {},
            Set.of());
    open.add(svc);
    return svc.start();
  }

  private static String sign(IdentityService g, String requestId) {
    return g.signer().sign("git", ANA, requestId, Instant.now());
  }

  private static boolean verifies(String jwt, String jwks) throws Exception {
    SignedJWT s = SignedJWT.parse(jwt);
    ECKey key = (ECKey) JWKSet.parse(jwks).getKeyByKeyId(s.getHeader().getKeyID());
    return key != null && s.verify(new ECDSAVerifier(key));
  }

  @Test
  void twoGatewaysOnOnePostgresSignJwtsThatVerifyAgainstEitherJwks() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    IdentityService g0 = gateway(url, stores.tempDir());
    IdentityService g1 = gateway(url, stores.tempDir());

    assertThat(g1.signer().currentKeyId()).isEqualTo(g0.signer().currentKeyId());
    String fromG0 = sign(g0, "r0");
    String fromG1 = sign(g1, "r1");
    assertThat(verifies(fromG0, g1.signer().jwksJson())).as("g0's JWT, g1's JWKS").isTrue();
    assertThat(verifies(fromG1, g0.signer().jwksJson())).as("g1's JWT, g0's JWKS").isTrue();
    assertThat(g0.signer().jwksJson()).isEqualTo(g1.signer().jwksJson()).doesNotContain("\"d\"");
  }

  @Test
  void concurrentFirstStartsCreateExactlyOneCurrentKey() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    int n = 4;
    List<Store> perProcess = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      perProcess.add(store(url, stores.tempDir()));
    }
    CyclicBarrier together = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> kids = new ArrayList<>();
      for (Store s : perProcess) {
        kids.add(
            pool.submit(
                () -> {
                  together.await();
                  IdentityService svc =
                      new IdentityService(
                          IdentityConfig.defaults(),
                          PUBLIC,
                          stores.tempDir(),
                          s,
                          Clock.systemUTC(),
                          e -> {});
                  open.add(svc);
                  return svc.signer().currentKeyId();
                }));
      }
      List<String> got = new ArrayList<>();
      for (Future<String> f : kids) {
        got.add(f.get(60, TimeUnit.SECONDS));
      }
      List<SigningKeyRecord> rows = perProcess.get(0).signingKeys().all();
      assertThat(rows).hasSize(1);
      assertThat(got).containsOnly(rows.get(0).kid());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aKeyRotatedByOneGatewayIsSignedWithAndPublishedByTheOtherWithinSeconds() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    IdentityService g0 = gateway(url, stores.tempDir());
    IdentityService g1 = gateway(url, stores.tempDir());
    String oldKid = g0.signer().currentKeyId();
    String oldFromG1 = sign(g1, "before");

    g0.signer().rotate();
    String newKid = g0.signer().currentKeyId();
    assertThat(newKid).isNotEqualTo(oldKid);
    String newFromG0 = sign(g0, "after");
    assertThat(verifies(oldFromG1, g0.signer().jwksJson())).as("old key still published").isTrue();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!g1.signer().currentKeyId().equals(newKid) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(g1.signer().currentKeyId()).as("g1 after its scheduled refresh").isEqualTo(newKid);
    assertThat(verifies(newFromG0, g1.signer().jwksJson())).isTrue();
    assertThat(verifies(oldFromG1, g1.signer().jwksJson())).isTrue();
    assertThat(verifies(sign(g1, "later"), g0.signer().jwksJson())).isTrue();
  }

  @Test
  void concurrentRotationsOnTwoGatewaysMakeOneNewKey() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    Store s0 = store(url, stores.tempDir());
    Store s1 = store(url, stores.tempDir());
    AssertionSigner a =
        AssertionSigner.shared(s0.signingKeys(), null, null, null, PUBLIC, Clock.systemUTC());
    AssertionSigner b =
        AssertionSigner.shared(s1.signingKeys(), null, null, null, PUBLIC, Clock.systemUTC());
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> ra =
          pool.submit(
              () -> {
                together.await();
                a.rotate();
                return null;
              });
      Future<?> rb =
          pool.submit(
              () -> {
                together.await();
                b.rotate();
                return null;
              });
      ra.get(30, TimeUnit.SECONDS);
      rb.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    a.refresh();
    b.refresh();
    List<SigningKeyRecord> rows = s0.signingKeys().all();
    assertThat(rows).hasSize(2);
    assertThat(a.currentKeyId()).isEqualTo(b.currentKeyId()).isEqualTo(rows.get(1).kid());
  }

  @Test
  void anEmptySharedStoreAdoptsTheKeyOfAnExistingKeyFile() throws Exception {
    Path dataDir = stores.tempDir();
    String before = new AssertionSigner(dataDir, PUBLIC, Clock.systemUTC()).currentKeyId();
    IdentityService g0 = gateway(stores.url(TestStores.POSTGRES), dataDir);
    assertThat(g0.signer().currentKeyId()).isEqualTo(before);
  }

  @Test
  void theEmbeddedSqliteStoreKeepsTheKeysInDataDirAsBefore() throws Exception {
    Path dataDir = stores.tempDir();
    IdentityService g = gateway(null, dataDir);
    assertThat(g.signer().isShared()).isFalse();
    Path file = dataDir.resolve("keys").resolve("assertion-keys.json");
    assertThat(file).exists();
    assertThat(Files.readString(file)).contains(g.signer().currentKeyId());
    Store store = store(null, dataDir);
    assertThat(store.signingKeys().all()).isEmpty();
    String jwt = sign(g, "r");
    assertThat(verifies(jwt, g.signer().jwksJson())).isTrue();
    assertThat(new AssertionSigner(dataDir, PUBLIC, Clock.systemUTC()).currentKeyId())
        .isEqualTo(g.signer().currentKeyId());
  }

  static String randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void withAnEncryptionKeyTheStoreHoldsOnlySealedKeysThatEveryGatewayWithItUses() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    String key = randomKey();
    IdentityService g0 = gateway(url, stores.tempDir(), key);
    IdentityService g1 = gateway(url, stores.tempDir(), key);

    SigningKeyRecord row = store(url, stores.tempDir()).signingKeys().all().get(0);
    assertThat(row.kid()).isEqualTo(g0.signer().currentKeyId());
    assertThatThrownBy(() -> ECKey.parse(row.jwk())).isInstanceOf(ParseException.class);
    JWEObject sealed = JWEObject.parse(row.jwk());
    assertThat(sealed.getHeader().getAlgorithm()).isEqualTo(JWEAlgorithm.DIR);
    assertThat(sealed.getHeader().getEncryptionMethod()).isEqualTo(EncryptionMethod.A256GCM);
    assertThat(sealed.getHeader().getKeyID()).isEqualTo(row.kid());
    sealed.decrypt(new DirectDecrypter(Base64.getDecoder().decode(key)));
    assertThat(ECKey.parse(sealed.getPayload().toString()).isPrivate()).isTrue();

    assertThat(g1.signer().currentKeyId()).isEqualTo(g0.signer().currentKeyId());
    assertThat(verifies(sign(g0, "r0"), g1.signer().jwksJson())).isTrue();
    g0.signer().rotate();
    assertThat(store(url, stores.tempDir()).signingKeys().all())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.jwk()).doesNotStartWith("{"));
    g1.signer().refresh();
    assertThat(verifies(sign(g1, "r1"), g0.signer().jwksJson())).isTrue();
  }

  @Test
  void aSealedKeyStopsAGatewayWithoutTheEncryptionKeyOrWithAnotherOne() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    String kid = gateway(url, stores.tempDir(), randomKey()).signer().currentKeyId();

    assertThatThrownBy(() -> gateway(url, stores.tempDir(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(kid)
        .hasMessageContaining("is sealed; set store.encryption_key");
    assertThatThrownBy(() -> gateway(url, stores.tempDir(), randomKey()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(kid)
        .hasMessageContaining("cannot be unsealed with store.encryption_key");
  }

  @Test
  void keysStoredInClearAreSealedOnceAnEncryptionKeyIsSet() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    IdentityService before = gateway(url, stores.tempDir(), null);
    Store reader = store(url, stores.tempDir());
    assertThat(reader.signingKeys().all().get(0).jwk()).startsWith("{");

    IdentityService after = gateway(url, stores.tempDir(), randomKey());
    assertThat(after.signer().currentKeyId()).isEqualTo(before.signer().currentKeyId());
    SigningKeyRecord row = reader.signingKeys().all().get(0);
    assertThat(row.jwk()).doesNotStartWith("{");
    assertThat(JWEObject.parse(row.jwk()).getHeader().getKeyID()).isEqualTo(row.kid());
    assertThat(verifies(sign(before, "old"), after.signer().jwksJson())).isTrue();
  }

  private static boolean opensWith(SigningKeyRecord r, String key) throws Exception {
    JWEObject jwe = JWEObject.parse(r.jwk());
    try {
      jwe.decrypt(new DirectDecrypter(Base64.getDecoder().decode(key)));
      return true;
    } catch (com.nimbusds.jose.JOSEException e) {
      return false;
    }
  }

  @Test
  void aNewEncryptionKeyWithThePreviousOneBesideItSealsEveryKeyAgain() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    String oldKey = randomKey();
    String newKey = randomKey();
    IdentityService before = gateway(url, stores.tempDir(), oldKey);
    before.signer().rotate();
    Store reader = store(url, stores.tempDir());
    assertThat(reader.signingKeys().all()).hasSize(2);

    IdentityService after = gateway(url, stores.tempDir(), newKey, oldKey);
    assertThat(after.signer().currentKeyId()).isEqualTo(before.signer().currentKeyId());
    assertThat(verifies(sign(before, "old"), after.signer().jwksJson())).isTrue();
    for (SigningKeyRecord r : reader.signingKeys().all()) {
      assertThat(opensWith(r, newKey)).as("%s with the new key", r.kid()).isTrue();
      assertThat(opensWith(r, oldKey)).as("%s with the old key", r.kid()).isFalse();
    }
    assertThat(gateway(url, stores.tempDir(), newKey).signer().currentKeyId())
        .isEqualTo(before.signer().currentKeyId());
    assertThatThrownBy(() -> gateway(url, stores.tempDir(), oldKey))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be unsealed with store.encryption_key");
  }
}
