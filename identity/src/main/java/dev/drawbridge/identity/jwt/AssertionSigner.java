package dev.drawbridge.identity.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.store.SigningKeyRepository;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs the {@code Drawbridge-Jwt-Assertion} (SPEC §4) with ES256 and serves the JWKS. The current
 * key's header and {@link Signature} objects are cached per thread, so {@link #sign} does no I/O
 * and no key parsing: it is safe on the event loop. {@link #rotate} makes a new current key; the
 * old one stays in the JWKS until every token it signed has expired (lifetime plus 60 s skew).
 *
 * <p>The keys live in {@code <dataDir>/keys/} for a single process ({@link #AssertionSigner(Path,
 * URI, Clock)}), or in the shared store when several gateways share one PostgreSQL ({@link
 * #shared}): then every process signs with the store's current key and publishes every key in use,
 * provided something calls {@link #refresh} periodically (off the event loop) to pick up a rotation
 * made by another process.
 */
public final class AssertionSigner {
  /** Default lifetime of an assertion. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  static final Duration SKEW = Duration.ofSeconds(60);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final KeySource source;
  private final String issuer;
  private final Duration ttl;
  private final Clock clock;
  private final Object lock = new Object();
  private volatile List<KeyFile.Entry> keys;
  private volatile Current current;
  private volatile Jwks jwks;

  /** The cached state of the current key. */
  private static final class Current {
    final String kid;
    final String headerB64;
    final ThreadLocal<Signature> signature;

    Current(ECKey jwk) throws JOSEException {
      this.kid = jwk.getKeyID();
      String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
      this.headerB64 = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
      ECPrivateKey priv = jwk.toECPrivateKey();
      this.signature =
          ThreadLocal.withInitial(
              () -> {
                try {
                  Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                  s.initSign(priv);
                  return s;
                } catch (GeneralSecurityException e) {
                  throw new IllegalStateException("ES256 is not available in this JVM", e);
                }
              });
    }
  }

  private record Jwks(String json, Instant validUntil) {}

  /** Loads the keys from {@code <dataDir>/keys/}, creating the first one if there is none. */
  public AssertionSigner(Path dataDir, URI publicUrl, Duration ttl, Clock clock) {
    this(new FileKeys(dataDir), publicUrl, ttl, clock);
  }

  public AssertionSigner(Path dataDir, URI publicUrl, Clock clock) {
    this(dataDir, publicUrl, DEFAULT_TTL, clock);
  }

  private AssertionSigner(KeySource source, URI publicUrl, Duration ttl, Clock clock) {
    this.source = source;
    this.issuer = issuer(publicUrl);
    this.ttl = ttl;
    this.clock = clock;
    synchronized (lock) {
      install(source.load(AssertionSigner::generate, clock.instant()));
    }
  }

  /**
   * A signer whose keys are the shared store's (scale-out on PostgreSQL), creating the first key
   * race-safely if there is none: the current key of {@code <dataDir>/keys/} when that file exists,
   * else a new one. {@code encryptionKey} ({@code store.encryption_key}, 32 bytes, or null): seals
   * the private keys in the store; {@code previousKey} ({@code store.previous_encryption_key}, or
   * null) still opens keys sealed with it, which are sealed again with {@code encryptionKey}.
   * Blocking (store I/O); call {@link #refresh} periodically.
   *
   * @throws IllegalStateException if a stored key is sealed and {@code encryptionKey} is missing or
   *     not the one that sealed it (the message says which key)
   */
  public static AssertionSigner shared(
      SigningKeyRepository keys,
      byte[] encryptionKey,
      byte[] previousKey,
      Path dataDir,
      URI publicUrl,
      Duration ttl,
      Clock clock) {
    return new AssertionSigner(
        new StoreKeys(keys, dataDir, encryptionKey, previousKey), publicUrl, ttl, clock);
  }

  public static AssertionSigner shared(
      SigningKeyRepository keys,
      byte[] encryptionKey,
      byte[] previousKey,
      Path dataDir,
      URI publicUrl,
      Clock clock) {
    return shared(keys, encryptionKey, previousKey, dataDir, publicUrl, DEFAULT_TTL, clock);
  }

  /** Whether the keys are shared with other processes (then {@link #refresh} is needed). */
  public boolean isShared() {
    return source.shared();
  }

  /**
   * Re-reads shared keys, so that a key created or rotated by another process is signed with and
   * published here too. Blocking (store I/O): never on the event loop. A no-op for a key file,
   * which only this process writes.
   */
  public void refresh() {
    if (!source.shared()) {
      return;
    }
    synchronized (lock) {
      List<KeyFile.Entry> now =
          prune(source.load(AssertionSigner::generate, clock.instant()), clock.instant());
      if (!state(now).equals(state(keys))) {
        install(now);
      }
    }
  }

  /** What a key list publishes and signs with: kids with their retirement instants. */
  private static List<String> state(List<KeyFile.Entry> entries) {
    List<String> out = new ArrayList<>(entries.size());
    for (KeyFile.Entry e : entries) {
      out.add(e.jwk().getKeyID() + "@" + e.retiredAt());
    }
    return out;
  }

  /** The public URL without a trailing slash: the {@code iss} of every assertion. */
  static String issuer(URI publicUrl) {
    String s = publicUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  public String issuer() {
    return issuer;
  }

  public Duration ttl() {
    return ttl;
  }

  /** The id of the key that signs now. */
  public String currentKeyId() {
    return current.kid;
  }

  /**
   * A freshly signed compact JWT: {@code iss}, {@code aud} = application id, {@code sub}, {@code
   * email}, {@code groups}, {@code amr}, {@code principal_type}, {@code sid} = the session or
   * credential id ({@link Verdict.Principal#credentialId}), {@code iat}, {@code exp} = now + ttl,
   * {@code jti} as given (unique per assertion). One ES256 signature: callers on the request path
   * go through {@link AssertionCache}, which reuses an assertion (SPEC §4).
   */
  public String sign(String audience, Verdict.Principal p, String jti, Instant now) {
    Current c = current;
    long iat = now.getEpochSecond();
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"iss\":");
    Json.string(sb, issuer);
    sb.append(",\"aud\":");
    Json.string(sb, audience);
    String sub = p.name() != null ? p.name() : p.email();
    if (sub != null) {
      sb.append(",\"sub\":");
      Json.string(sb, sub);
    }
    if (p.email() != null) {
      sb.append(",\"email\":");
      Json.string(sb, p.email());
    }
    sb.append(",\"groups\":");
    Json.strings(sb, p.groups());
    sb.append(",\"amr\":");
    Json.strings(sb, p.amr());
    sb.append(",\"principal_type\":");
    Json.string(sb, p.type());
    if (p.idp() != null) {
      sb.append(",\"idp\":");
      Json.string(sb, p.idp());
    }
    if (p.credentialId() != null) {
      sb.append(",\"sid\":");
      Json.string(sb, p.credentialId());
    }
    sb.append(",\"iat\":").append(iat);
    sb.append(",\"exp\":").append(iat + ttl.toSeconds());
    sb.append(",\"jti\":");
    Json.string(sb, jti);
    sb.append('}');
    String signingInput =
        c.headerB64 + "." + B64.encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = c.signature.get();
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("assertion signing failed", e);
    }
  }

  /** {@code {"keys":[…]}}: the current key and every retired key still within its overlap. */
  public String jwksJson() {
    Jwks j = jwks;
    if (j.validUntil != null && !clock.instant().isBefore(j.validUntil)) {
      synchronized (lock) {
        install(prune(keys, clock.instant()));
        j = jwks;
      }
    }
    return j.json;
  }

  /**
   * Makes a new current key; the previous one keeps being published for the overlap. With shared
   * keys, if another process rotated since this one last loaded, its new key is adopted instead.
   */
  public void rotate() {
    synchronized (lock) {
      Instant now = clock.instant();
      install(
          source.rotate(
              current.kid,
              generate(),
              now,
              e -> e.retiredAt() == null || now.isBefore(publishedUntil(e))));
    }
  }

  private List<KeyFile.Entry> prune(List<KeyFile.Entry> all, Instant now) {
    List<KeyFile.Entry> out = new ArrayList<>();
    for (KeyFile.Entry e : all) {
      if (e.retiredAt() == null || now.isBefore(publishedUntil(e))) {
        out.add(e);
      }
    }
    return out;
  }

  private Instant publishedUntil(KeyFile.Entry e) {
    return e.retiredAt().plus(ttl).plus(SKEW);
  }

  private void install(List<KeyFile.Entry> entries) {
    List<com.nimbusds.jose.jwk.JWK> pub = new ArrayList<>();
    Instant validUntil = null;
    KeyFile.Entry cur = null;
    for (KeyFile.Entry e : entries) {
      pub.add(e.jwk().toPublicJWK());
      if (e.retiredAt() == null) {
        cur = e;
      } else {
        Instant until = publishedUntil(e);
        validUntil = validUntil == null || until.isBefore(validUntil) ? until : validUntil;
      }
    }
    try {
      this.current = new Current(cur.jwk());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing key " + cur.jwk().getKeyID() + " is unusable", e);
    }
    this.keys = List.copyOf(entries);
    this.jwks = new Jwks(new JWKSet(pub).toString(true), validUntil);
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyIDFromThumbprint(true)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an ES256 key", e);
    }
  }
}
