package dev.drawbridge.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A signal sender (a Shared Signals transmitter) with its own RSA key, whose JWKS a real HTTP
 * endpoint serves at {@link #jwksUri}; signs tokens with it (or, for negative tests, with a
 * stranger key of the same kid, or not at all).
 */
final class SigningPeer implements AutoCloseable {
  volatile RSAKey key;
  final RSAKey stranger;
  final HttpServer server;
  final AtomicInteger jwksFetches = new AtomicInteger();

  SigningPeer(String kid) throws Exception {
    key = new RSAKeyGenerator(2048).keyID(kid).generate();
    stranger = new RSAKeyGenerator(2048).keyID(kid).generate();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        ex -> {
          jwksFetches.incrementAndGet();
          byte[] b =
              ("{\"keys\":[" + key.toPublicJWK().toJSONString() + "]}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
  }

  /** Replaces the key (and what the JWKS serves) with a new one of kid {@code kid}. */
  void rotate(String kid) throws Exception {
    key = new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI jwksUri() {
    return URI.create(base() + "/jwks");
  }

  String sign(JWTClaimsSet claims, String typ) throws Exception {
    return sign(claims, typ, key);
  }

  static String sign(JWTClaimsSet claims, String typ, RSAKey with) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(with.getKeyID())
                .type(new JOSEObjectType(typ))
                .build(),
            claims);
    jwt.sign(new RSASSASigner(with));
    return jwt.serialize();
  }

  /** The same claims with {@code alg: none}. */
  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
