package dev.drawbridge.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 checkpoint key: {@code checkpoint.key} (PKCS#8 PEM, mode 0600) and {@code
 * checkpoint.pub} (X.509 SubjectPublicKeyInfo PEM). A checkpoint's signature is Ed25519 over the
 * UTF-8 canonical JSON (sorted keys, no whitespace) of the checkpoint without {@code signature},
 * base64-encoded.
 */
final class CheckpointKeys {
  private static final Logger log = LoggerFactory.getLogger(CheckpointKeys.class);
  static final String PRIVATE_FILE = "checkpoint.key";
  static final String PUBLIC_FILE = "checkpoint.pub";
  private static final Pattern OLD_NAME =
      Pattern.compile("checkpoint\\.pub\\.old-([1-9][0-9]{0,8})");

  private CheckpointKeys() {}

  /** Loads the key pair in {@code dir}, creating it on first use. */
  static KeyPair loadOrCreate(Path dir) throws IOException {
    Path priv = dir.resolve(PRIVATE_FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    try {
      if (Files.exists(priv)) {
        if (!Files.exists(pub)) {
          throw new IOException(
              pub
                  + " is missing: restore it from a backup (it verifies "
                  + priv
                  + "'s checkpoints)");
        }
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        PrivateKey k = kf.generatePrivate(new PKCS8EncodedKeySpec(pem(priv)));
        return new KeyPair(readPublic(pub), k);
      }
      if (Files.exists(pub)) {
        Path kept = keepReplaced(dir, pub);
        log.warn(
            "audit: {} is missing: created a new checkpoint key pair. Checkpoints signed before now"
                + " verify only with the previous public key, kept as {}: `audit verify` uses it"
                + " for them and names it; compare it with your own copy of the old key (or check"
                + " the old part with `audit verify --public-key`)",
            priv,
            kept);
      }
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      writePem(priv, "PRIVATE KEY", kp.getPrivate().getEncoded(), true);
      writePem(pub, "PUBLIC KEY", kp.getPublic().getEncoded(), false);
      return kp;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the checkpoint key in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Moves the public key of a lost private key aside, to the first free {@code .old-N} name. */
  private static Path keepReplaced(Path dir, Path pub) throws IOException {
    for (int n = 1; ; n++) {
      Path kept = dir.resolve(PUBLIC_FILE + ".old-" + n);
      if (!Files.exists(kept)) {
        return Files.move(pub, kept);
      }
    }
  }

  /**
   * The public keys kept by {@link #loadOrCreate} when a private key was lost, oldest first: {@code
   * checkpoint.pub.old-1}, {@code .old-2}, … (by N; gaps allowed).
   */
  static List<Path> keptOld(Path dir) throws IOException {
    List<Path> kept = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, PUBLIC_FILE + ".old-*")) {
      for (Path p : s) {
        if (OLD_NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
          kept.add(p);
        }
      }
    }
    kept.sort(Comparator.comparingInt(CheckpointKeys::oldNumber));
    return kept;
  }

  private static int oldNumber(Path kept) {
    Matcher m = OLD_NAME.matcher(kept.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(kept + " is not a kept checkpoint key");
    }
    return Integer.parseInt(m.group(1));
  }

  static PublicKey readPublic(Path pub) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem(pub)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(pub + " is not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  static String sign(PrivateKey key, Map<String, Object> checkpointWithoutSignature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(payload(checkpointWithoutSignature));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static boolean verify(PublicKey key, Map<String, Object> checkpoint) {
    Object sig = checkpoint.get("signature");
    if (!(sig instanceof String s)) {
      return false;
    }
    try {
      Map<String, Object> m = new java.util.LinkedHashMap<>(checkpoint);
      m.remove("signature");
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(key);
      v.update(payload(m));
      return v.verify(Base64.getDecoder().decode(s));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Everything of the checkpoint but its signature, the chain head {@code hash} included (what it
   * vouches for). Not {@link HashChain#canonical}, which leaves out an event's own {@code hash}.
   */
  private static byte[] payload(Map<String, Object> m) {
    try {
      return AuditJson.CANONICAL.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] pem(Path p) throws IOException {
    String text = Files.readString(p, StandardCharsets.US_ASCII);
    String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static void writePem(Path p, String type, byte[] der, boolean secret) throws IOException {
    String text =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n";
    if (secret) {
      try {
        Files.createFile(
            p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(p);
      } catch (FileAlreadyExistsException e) {
        throw new IOException(p + " appeared while being created", e);
      }
    }
    Files.writeString(p, text, StandardCharsets.US_ASCII);
  }
}
