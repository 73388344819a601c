package dev.drawbridge.identity;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A minimal OIDC provider for tokens mock-oauth2-server will not mint: discovery, an authorize
 * endpoint that redirects straight back, a token endpoint whose id_token the test crafts (given the
 * nonce the gateway sent and the provider's RSA key), and the JWKS.
 */
final class FakeIdp implements AutoCloseable {
  final HttpServer server;
  final RSAKey key;
  volatile BiFunction<String, FakeIdp, String> idToken;
  private volatile String lastNonce;

  FakeIdp() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/.well-known/openid-configuration",
        ex ->
            send(
                ex,
                200,
                "application/json",
                "{\"issuer\":\""
                    + issuer()
                    + "\",\"authorization_endpoint\":\""
                    + issuer()
                    + "/authorize\",\"token_endpoint\":\""
                    + issuer()
                    + "/token\",\"jwks_uri\":\""
                    + issuer()
                    + "/jwks\",\"response_types_supported\":[\"code\"],"
                    + "\"subject_types_supported\":[\"public\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
    server.createContext(
        "/authorize",
        ex -> {
          Map<String, String> q = query(ex.getRequestURI().getRawQuery());
          lastNonce = q.get("nonce");
          String loc =
              q.get("redirect_uri")
                  + "?code=c0de&state="
                  + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Location", loc);
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
    server.createContext(
        "/token",
        ex ->
            send(
                ex,
                200,
                "application/json",
                "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":60,"
                    + "\"id_token\":\""
                    + idToken.apply(lastNonce, this)
                    + "\"}"));
    server.createContext(
        "/jwks",
        ex ->
            send(
                ex,
                200,
                "application/json",
                "{\"keys\":[" + key.toPublicJWK().toJSONString() + "]}"));
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI issuerUri() {
    return URI.create(issuer());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new HashMap<>();
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      m.put(
          URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
