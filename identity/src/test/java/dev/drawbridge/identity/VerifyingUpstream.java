package dev.drawbridge.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny upstream application: every request must carry a {@code Drawbridge-Jwt-Assertion} that
 * verifies against the gateway's {@code /.drawbridge/jwks.json} (fetched per request) with issuer
 * and audience checked; it answers with the asserted e-mail and AMR.
 */
final class VerifyingUpstream implements AutoCloseable {
  final HttpServer server;
  final List<JWTClaimsSet> verified = new CopyOnWriteArrayList<>();

  /** The X-Forwarded-Proto of each request, in order. */
  final List<String> forwardedProtos = new CopyOnWriteArrayList<>();

  volatile String gatewayBase;
  volatile String issuer;
  volatile String audience = "wiki";

  VerifyingUpstream() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpClient http = HttpClient.newHttpClient();
    server.createContext(
        "/",
        ex -> {
          int status;
          String body;
          forwardedProtos.add(String.valueOf(ex.getRequestHeaders().get("X-Forwarded-Proto")));
          try {
            String jwt = ex.getRequestHeaders().getFirst("Drawbridge-Jwt-Assertion");
            String jwks =
                http.send(
                        HttpRequest.newBuilder(URI.create(gatewayBase + "/.drawbridge/jwks.json"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body();
            DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
            p.setJWSKeySelector(
                new JWSVerificationKeySelector<>(
                    JWSAlgorithm.ES256, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
            p.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(
                    audience,
                    new JWTClaimsSet.Builder().issuer(issuer).build(),
                    Set.of("sub", "iat", "exp", "jti", "amr", "principal_type")));
            JWTClaimsSet c = p.process(jwt, null);
            verified.add(c);
            status = 200;
            body =
                "<html><body><h1 id=hello>hello "
                    + c.getStringClaim("email")
                    + "</h1><p id=amr>amr="
                    + c.getStringListClaim("amr")
                    + "</p><p id=path>"
                    + ex.getRequestURI()
                    + "</p></body></html>";
          } catch (Exception e) {
            status = 401;
            body = "assertion rejected: " + e;
          }
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(status, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
