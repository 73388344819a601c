package dev.drawbridge.identity.jwt;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import dev.drawbridge.store.SigningKeyRecord;
import dev.drawbridge.store.SigningKeyRepository;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys shared by every gateway on one PostgreSQL (SPEC §8): rows of {@code signing_keys}, the
 * highest generation current, each older one retired when its successor was created. Creation and
 * rotation insert the next generation with {@code ON CONFLICT DO NOTHING} and read back, so
 * processes that start or rotate at the same moment agree on one key. The first key of an empty
 * store is the current key of {@code <dataDir>/keys/assertion-keys.json} when that file exists (a
 * deployment that moves to PostgreSQL keeps the key its upstreams know), else a new one.
 *
 * <p>With {@code store.encryption_key} each private JWK is stored sealed: a JWE (direct
 * AES-256-GCM) whose protected header names the key's kid, so a sealed key cannot be passed off as
 * another row's. Keys found in clear are sealed in place when the key is set; a sealed key without
 * the right encryption key stops the gateway with a message that says so.
 */
final class StoreKeys implements KeySource {
  private static final Logger log = LoggerFactory.getLogger(StoreKeys.class);
  private final SigningKeyRepository repo;
  private final KeyFile seed;
  private final SecretKey sealing;
  private final SecretKey previous;

  /**
   * Stored form → the key it holds: each stored form is unsealed and parsed once, not on every
   * refresh (once a second). Only the stored forms of the last rows read are kept.
   */
  private final Map<String, Opened> opened = new ConcurrentHashMap<>();

  /** A stored key opened, and whether its stored form is sealed with the current key. */
  private record Opened(ECKey key, boolean sealedWithCurrent) {}

  /**
   * {@code encryptionKey}: 32 bytes, or null to store keys in clear (the server warns at start:
   * {@code ConfigWarnings}). {@code previousKey} ({@code store.previous_encryption_key}, or null):
   * keys sealed with it are still opened, and sealed again with {@code encryptionKey}.
   */
  StoreKeys(SigningKeyRepository repo, Path dataDir, byte[] encryptionKey, byte[] previousKey) {
    this.repo = repo;
    this.seed = dataDir == null ? null : new KeyFile(dataDir);
    this.sealing = encryptionKey == null ? null : new SecretKeySpec(encryptionKey, "AES");
    this.previous =
        encryptionKey == null || previousKey == null ? null : new SecretKeySpec(previousKey, "AES");
  }

  @Override
  public List<KeyFile.Entry> load(Supplier<ECKey> generate, Instant now) {
    List<SigningKeyRecord> rows = repo.all();
    if (sealing != null && rows.stream().anyMatch(r -> !opened(r).sealedWithCurrent())) {
      for (SigningKeyRecord r : rows) {
        if (!opened(r).sealedWithCurrent()) {
          repo.rewrite(r.kid(), r.jwk(), seal(opened(r).key()));
        }
      }
      rows = repo.all();
      log.info(
          "assertion signing keys: sealed with store.encryption_key the ones stored in clear or"
              + " sealed with store.previous_encryption_key");
    }
    if (rows.isEmpty()) {
      KeyFile.Entry first = seeded();
      repo.insert(
          first != null
              ? record(1, first.jwk(), first.createdAt())
              : record(1, generate.get(), now));
      rows = repo.all();
    }
    return entries(rows);
  }

  @Override
  public List<KeyFile.Entry> rotate(
      String expectedKid, ECKey next, Instant now, Predicate<KeyFile.Entry> published) {
    List<SigningKeyRecord> rows = repo.all();
    SigningKeyRecord last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
    if (last == null || last.kid().equals(expectedKid)) {
      repo.insert(record(last == null ? 1 : last.generation() + 1, next, now));
      rows = repo.all();
    }
    List<KeyFile.Entry> kept = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (KeyFile.Entry e : entries(rows)) {
      if (published.test(e)) {
        kept.add(e);
      } else {
        gone.add(e.jwk().getKeyID());
      }
    }
    repo.delete(gone);
    return kept;
  }

  @Override
  public boolean shared() {
    return true;
  }

  /** The current key of the local key file, or null when there is none to carry over. */
  private KeyFile.Entry seeded() {
    if (seed == null) {
      return null;
    }
    return seed.read().stream().filter(e -> e.retiredAt() == null).findFirst().orElse(null);
  }

  private SigningKeyRecord record(long generation, ECKey jwk, Instant createdAt) {
    return new SigningKeyRecord(
        generation, jwk.getKeyID(), sealing == null ? jwk.toJSONString() : seal(jwk), createdAt);
  }

  /** A stored key in clear is a JSON object; a sealed one a JWE in compact form. */
  private static boolean sealed(SigningKeyRecord r) {
    return !r.jwk().trim().startsWith("{");
  }

  private String seal(ECKey jwk) {
    try {
      JWEObject jwe =
          new JWEObject(
              new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                  .keyID(jwk.getKeyID())
                  .build(),
              new Payload(jwk.toJSONString()));
      jwe.encrypt(new DirectEncrypter(sealing));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("store: sealing assertion signing key failed", e);
    }
  }

  private Opened opened(SigningKeyRecord r) {
    Opened o = opened.get(r.jwk());
    if (o == null) {
      o = open(r);
      opened.put(r.jwk(), o);
    }
    return o;
  }

  /** A stored key, unsealed if need be, and parsed. */
  private Opened open(SigningKeyRecord r) {
    if (!sealed(r)) {
      return new Opened(parse(r, r.jwk()), false);
    }
    if (sealing == null) {
      throw new IllegalStateException(
          "store: assertion signing key "
              + r.kid()
              + " (signing_keys) is sealed; set store.encryption_key to the key the other"
              + " gateways use");
    }
    String text = unseal(r, sealing);
    boolean current = text != null;
    if (text == null && previous != null) {
      text = unseal(r, previous);
    }
    if (text == null) {
      throw new IllegalStateException(
          "store: assertion signing key "
              + r.kid()
              + " (signing_keys) cannot be unsealed with store.encryption_key"
              + (previous == null ? "" : " or store.previous_encryption_key")
              + ": is it the key the other gateways use?");
    }
    return new Opened(parse(r, text), current);
  }

  /** The JWK text of sealed row {@code r} opened with {@code key}; null if that key fails. */
  private static String unseal(SigningKeyRecord r, SecretKey key) {
    JWEObject jwe;
    try {
      jwe = JWEObject.parse(r.jwk());
    } catch (ParseException e) {
      throw new IllegalStateException(
          "store: assertion signing key " + r.kid() + " (signing_keys) is neither JSON nor a JWE");
    }
    if (!r.kid().equals(jwe.getHeader().getKeyID())) {
      throw new IllegalStateException(
          "store: assertion signing key " + r.kid() + " (signing_keys) is sealed for another kid");
    }
    try {
      jwe.decrypt(new DirectDecrypter(key));
      return jwe.getPayload().toString();
    } catch (JOSEException e) {
      return null;
    }
  }

  private List<KeyFile.Entry> entries(List<SigningKeyRecord> rows) {
    if (rows.isEmpty()) {
      throw new IllegalStateException("store: no assertion signing key after creating one");
    }
    List<KeyFile.Entry> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      SigningKeyRecord r = rows.get(i);
      Instant retired = i + 1 < rows.size() ? rows.get(i + 1).createdAt() : null;
      out.add(new KeyFile.Entry(opened(r).key(), r.createdAt(), retired));
    }
    opened.keySet().retainAll(rows.stream().map(SigningKeyRecord::jwk).toList());
    return out;
  }

  /** The private key in {@code text}, the JWK of row {@code r}. */
  private static ECKey parse(SigningKeyRecord r, String text) {
    try {
      ECKey k = ECKey.parse(text);
      if (k.isPrivate() && r.kid().equals(k.getKeyID())) {
        return k;
      }
    } catch (ParseException | RuntimeException e) {
      // fall through; the parser's message may quote the key material, so it is not passed on
    }
    throw new IllegalStateException(
        "store: assertion signing key " + r.kid() + " (signing_keys) is unusable");
  }
}
