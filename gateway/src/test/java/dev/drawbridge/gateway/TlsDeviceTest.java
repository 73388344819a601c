package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.HostPort;
import dev.drawbridge.config.ServerConfig;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the data plane with optional client certificates: a client presenting a certificate issued
 * by {@code client_ca_file} is a managed device; one without is not, and still connects.
 */
class TlsDeviceTest {
  static void sh(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + "\n" + out);
    }
  }

  @Test
  void clientCertificateFromTheDeviceCaMarksTheDeviceManaged(@TempDir Path d) throws Exception {
    sh(
        d,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=device-ca");
    sh(
        d,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1");
    sh(
        d,
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "laptop.key",
        "-out",
        "laptop.csr",
        "-subj",
        "/CN=laptop-17");
    sh(
        d,
        "openssl",
        "x509",
        "-req",
        "-in",
        "laptop.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "laptop.pem",
        "-days",
        "2");
    sh(
        d,
        "openssl",
        "pkcs12",
        "-export",
        "-in",
        "laptop.pem",
        "-inkey",
        "laptop.key",
        "-out",
        "laptop.p12",
        "-passout",
        "pass:pw");
    sh(
        d,
        "keytool",
        "-importcert",
        "-noprompt",
        "-alias",
        "gw",
        "-file",
        "server.pem",
        "-keystore",
        "trust.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        "pwpwpw");

    try (TestUpstream up = new TestUpstream()) {
      ApplicationConfig app =
          new ApplicationConfig(
              "wiki",
              List.of("localhost"),
              URI.create(up.url()),
              null,
              List.of(),
              List.of(),
              List.of(),
              "applications[0]");
      AccessDecider decider =
          r ->
              new Verdict(
                  Verdict.Kind.ALLOW,
                  "allowed_by_policy",
                  "p",
                  Verdict.Principal.ANONYMOUS,
                  null,
                  "view",
                  Map.of(),
                  Map.of("X-Device", r.deviceManaged() ? "managed" : "unmanaged"),
                  false,
                  null);
      GatewayState st =
          new GatewayState(
              new Router(List.of(app)),
              new ClientAddress(List.of()),
              ServerConfig.Timeouts.defaults(),
              decider,
              AccessRecorder.NONE,
              ReservedEndpoints.NONE);
      var ssl =
          Tls.serverContext(
              new ServerConfig.TlsConfig(
                  d.resolve("server.pem"), d.resolve("server.key"), d.resolve("ca.pem")));
      GatewayServer gw =
          new GatewayServer(st, Clock.systemUTC(), ssl, 1).start(new HostPort("127.0.0.1", 0));
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(d.resolve("trust.p12").toFile())) {
          trust.load(in, "pwpwpw".toCharArray());
        }
        tmf.init(trust);
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore dev = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(d.resolve("laptop.p12").toFile())) {
          dev.load(in, "pw".toCharArray());
        }
        kmf.init(dev, "pw".toCharArray());

        SSLContext withCert = SSLContext.getInstance("TLS");
        withCert.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLContext without = SSLContext.getInstance("TLS");
        without.init(null, tmf.getTrustManagers(), null);
        URI uri = URI.create("https://localhost:" + gw.port() + "/echo");

        HttpResponse<String> managed =
            HttpClient.newBuilder()
                .sslContext(withCert)
                .build()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(managed.statusCode()).isEqualTo(200);
        assertThat(managed.body()).contains("x-device: managed", "x-forwarded-proto: https");

        HttpResponse<String> unmanaged =
            HttpClient.newBuilder()
                .sslContext(without)
                .build()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unmanaged.body()).contains("x-device: unmanaged");
      } finally {
        gw.close();
      }
    }
  }
}
