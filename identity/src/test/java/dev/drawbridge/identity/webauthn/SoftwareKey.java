package dev.drawbridge.identity.webauthn;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A software authenticator for tests: answers a registration request with a packed attestation that
 * claims any AAGUID, signed either by the new credential's own key (self attestation) or by an
 * attestation certificate from a {@link Ca} the test plays (a key vendor's, or an attacker's own).
 * What a script on a stolen laptop could send instead of a hardware key.
 */
public final class SoftwareKey {
  private static final AtomicLong SERIAL = new AtomicLong(1);

  /** Signs the attestation: null for self attestation, else a key and its certificate chain. */
  public record Attestation(KeyPair key, List<X509Certificate> chain) {}

  /** A certificate authority played by the test. */
  public record Ca(KeyPair key, X509Certificate cert) {
    public static Ca create(String org) {
      KeyPair k = ecKey();
      X500Name name = new X500Name("C=US, O=" + org + ", CN=" + org + " Attestation Root CA");
      return new Ca(
          k,
          certificate(
              name,
              k,
              name,
              k,
              new BasicConstraints(true),
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign),
              null));
    }

    /** An attestation certificate for key model {@code aaguid}, as WebAuthn §8.2.1 asks. */
    public Attestation attest(UUID aaguid) {
      KeyPair k = ecKey();
      X500Name subject =
          new X500Name("C=US, O=Key Vendor, OU=Authenticator Attestation, CN=Key Model Batch");
      X500Name issuer = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
      return new Attestation(
          k,
          List.of(
              certificate(
                  subject,
                  k,
                  issuer,
                  key,
                  new BasicConstraints(false),
                  new KeyUsage(KeyUsage.digitalSignature),
                  aaguid)));
    }

    /** The CA certificate in PEM, written to {@code file}. */
    public Path writePem(Path file) throws IOException {
      try {
        String b64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded());
        return Files.writeString(
            file, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private SoftwareKey() {}

  /**
   * The registration response JSON (as a browser would post it) to {@code request}, from origin
   * {@code origin}, for a new P-256 credential of model {@code aaguid}. {@code attestation} null:
   * self attestation.
   */
  static String register(
      PublicKeyCredentialCreationOptions request,
      String origin,
      UUID aaguid,
      Attestation attestation) {
    try {
      KeyPair credential = ecKey();
      byte[] credentialId = new byte[16];
      new java.security.SecureRandom().nextBytes(credentialId);
      byte[] clientData =
          ("{\"type\":\"webauthn.create\",\"challenge\":\""
                  + b64(request.getChallenge().getBytes())
                  + "\",\"origin\":\""
                  + origin
                  + "\",\"crossOrigin\":false}")
              .getBytes(StandardCharsets.UTF_8);
      byte[] authData = authData(request.getRp().getId(), aaguid, credentialId, credential);
      KeyPair signer = attestation == null ? credential : attestation.key();
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(signer.getPrivate());
      s.update(authData);
      s.update(MessageDigest.getInstance("SHA-256").digest(clientData));
      byte[] sig = s.sign();

      ByteArrayOutputStream ao = new ByteArrayOutputStream();
      try (CBORGenerator g = new CBORFactory().createGenerator(ao)) {
        g.writeStartObject(null, 3);
        g.writeFieldName("fmt");
        g.writeString("packed");
        g.writeFieldName("attStmt");
        g.writeStartObject(null, attestation == null ? 2 : 3);
        g.writeFieldName("alg");
        g.writeNumber(-7);
        g.writeFieldName("sig");
        g.writeBinary(sig);
        if (attestation != null) {
          g.writeFieldName("x5c");
          g.writeStartArray(null, attestation.chain().size());
          for (X509Certificate c : attestation.chain()) {
            g.writeBinary(c.getEncoded());
          }
          g.writeEndArray();
        }
        g.writeEndObject();
        g.writeFieldName("authData");
        g.writeBinary(authData);
        g.writeEndObject();
      }
      return "{\"type\":\"public-key\",\"id\":\""
          + b64(credentialId)
          + "\",\"rawId\":\""
          + b64(credentialId)
          + "\",\"response\":{\"clientDataJSON\":\""
          + b64(clientData)
          + "\",\"attestationObject\":\""
          + b64(ao.toByteArray())
          + "\"},\"clientExtensionResults\":{}}";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** rpIdHash, flags UP|UV|AT, counter 0, then the attested credential data (WebAuthn §6.1). */
  private static byte[] authData(String rpId, UUID aaguid, byte[] credentialId, KeyPair key)
      throws IOException, GeneralSecurityException {
    byte[] cose = coseKey((ECPublicKey) key.getPublic());
    ByteBuffer b = ByteBuffer.allocate(32 + 1 + 4 + 16 + 2 + credentialId.length + cose.length);
    b.put(MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)));
    b.put((byte) 0x45);
    b.putInt(0);
    b.put(uuidBytes(aaguid));
    b.putShort((short) credentialId.length);
    b.put(credentialId);
    b.put(cose);
    return b.array();
  }

  /** An EC2 P-256 COSE key for ES256 (RFC 9053 §7.1.1), with integer labels. */
  private static byte[] coseKey(ECPublicKey pub) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      g.writeStartObject(null, 5);
      g.writeFieldId(1);
      g.writeNumber(2);
      g.writeFieldId(3);
      g.writeNumber(-7);
      g.writeFieldId(-1);
      g.writeNumber(1);
      g.writeFieldId(-2);
      g.writeBinary(unsigned32(pub.getW().getAffineX()));
      g.writeFieldId(-3);
      g.writeBinary(unsigned32(pub.getW().getAffineY()));
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static byte[] unsigned32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] uuidBytes(UUID u) {
    return ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  private static X509Certificate certificate(
      X500Name subject,
      KeyPair subjectKey,
      X500Name issuer,
      KeyPair issuerKey,
      BasicConstraints constraints,
      KeyUsage usage,
      UUID aaguid) {
    try {
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.getAndIncrement()),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(365))),
              subject,
              subjectKey.getPublic());
      b.addExtension(Extension.basicConstraints, true, constraints);
      b.addExtension(Extension.keyUsage, true, usage);
      if (aaguid != null) { // id-fido-gen-ce-aaguid: must match the AAGUID in authData
        b.addExtension(
            new ASN1ObjectIdentifier("1.3.6.1.4.1.45724.1.1.4"),
            false,
            new DEROctetString(uuidBytes(aaguid)));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
