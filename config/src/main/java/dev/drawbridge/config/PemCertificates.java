package dev.drawbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** X.509 certificates from a PEM (or DER) file, such as a vendor's attestation root CA. */
public final class PemCertificates {
  private PemCertificates() {}

  /**
   * Every certificate in {@code file}, in order.
   *
   * @throws IOException if the file cannot be read, or holds no certificate or a damaged one (the
   *     message says which)
   */
  public static List<X509Certificate> read(Path file) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        if (c instanceof X509Certificate x) {
          out.add(x);
        }
      }
    } catch (CertificateException e) {
      throw new IOException("is not a certificate file: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IOException("holds no certificate");
    }
    return out;
  }
}
