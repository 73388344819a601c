package dev.drawbridge.server;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates raw HTTP/1.1 request sequences that try to get a request past the decision: {@code
 * Connection} naming any field, duplicated and folded fields, Transfer-Encoding / Content-Length
 * variants, chunk extensions and trailers, bodies that hold a request, pipelines, absolute-form
 * targets, encoded paths, forged gateway fields, and a valid service token on some of them. The
 * seed corpus is the cases of issue #21 and the request-smuggling classes of PortSwigger's research
 * (CL.TE, TE.CL, TE.TE obfuscation, CL.0, header-name and value tricks) and RFC 9112 §6–7.
 */
final class SmugglingRequests {
  /** The client id and secret of a service token the gateway knows, set before generating. */
  public static volatile String tokenId = "none";

  public static volatile String tokenSecret = "none";

  private static final String SMUGGLED = "GET /private/x HTTP/1.1\r\nHost: wiki.test\r\n\r\n";

  static final List<String> TARGETS =
      List.of(
          "/pub/a",
          "/pub/a?x=1",
          "/private/x",
          "/pub/../private/x",
          "/pub/%2e%2e/private/x",
          "/pub/%2E%2E/%2e/private/x",
          "//private/x",
          "/pub//..//private/x",
          "/%70rivate/x",
          "/pub/%c0%ae%c0%ae/private/x",
          "/pub/a?y=/../private/x",
          "/pub/..;/private/x",
          "/pub/a%2fb",
          "/tok/x",
          "/tok/../private/x",
          "http://wiki.test/private/x",
          "http://wiki.test/pub/a",
          "http://other.test/pub/a",
          "*",
          "/pub/a#frag",
          "/pub/%",
          "/PUB/a");

  static final List<String> NAMEABLE =
      List.of(
          "Content-Length",
          "Transfer-Encoding",
          "Host",
          "X-Forwarded-For",
          "X-Forwarded-Host",
          "X-Real-IP",
          "Forwarded",
          "Drawbridge-Request-Id",
          "Drawbridge-Jwt-Assertion",
          "Drawbridge-Client-Id",
          "Authorization",
          "Cookie",
          "Keep-Alive",
          "close",
          "keep-alive",
          "Upgrade",
          "TE",
          "Trailer",
          "X-Custom");

  /** Fields a client adds to pass for the gateway, a proxy, or another method or target. */
  static final List<String> FORGED =
      List.of(
          "Drawbridge-Jwt-Assertion: forged.jwt.value",
          "Drawbridge-Request-Id: forged-id",
          "Drawbridge_Jwt_Assertion: forged",
          "X-Forwarded-For: 10.0.0.1",
          "X_Forwarded_For: 10.0.0.1",
          "X-Real-IP: 10.0.0.1",
          "Forwarded: for=10.0.0.1",
          "X-HTTP-Method-Override: DELETE",
          "X-Original-URL: /private/x",
          "X-Folded: a\r\n b",
          "Expect: 100-continue",
          "Upgrade: websocket");

  /** Framing tricks (TE.TE obfuscation, CL.0, CL.CL): each must be refused or read one way. */
  static final List<String> FRAMING_TRICKS =
      List.of(
          "Host: evil.test",
          "Content-Length: 0",
          "Content-Length: 5",
          "Transfer-Encoding: chunked",
          "Transfer-Encoding: identity",
          "Transfer-Encoding : chunked",
          "Transfer-Encoding: xchunked",
          "Transfer-Encoding:\tchunked",
          "Transfer-Encoding: chunked, identity",
          "Transfer-Encoding:\r\n chunked",
          "Content-Length: +5",
          "Content-Length: 05",
          "Content-Length: 5, 5");

  enum Framing {
    NONE,
    LENGTH,
    SHORT_LENGTH,
    LONG_LENGTH,
    CHUNKED,
    CHUNKED_EXT,
    CHUNKED_TRAILERS,
    CHUNKED_BAD_SIZE,
    CHUNKED_OVERSIZE,
    LENGTH_AND_CHUNKED
  }

  private SmugglingRequests() {}

  /** One request's raw bytes (as a Latin-1 string). */
  static Arbitrary<String> request() {
    Arbitrary<String> method =
        Arbitraries.of("GET", "GET", "POST", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "get");
    Arbitrary<String> target =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.of(TARGETS)),
            Tuple.of(1, Arbitraries.of("/pub/a", "/pub/a?x=1", "/tok/x", "/tok/y?z=1")));
    Arbitrary<String> host =
        Arbitraries.of(
            "Host: wiki.test",
            "Host: wiki.test",
            "Host: WIKI.test:80",
            "Host: wiki.test\r\nHost: other.test",
            "",
            "Host: other.test",
            "Host:  wiki.test ");
    Arbitrary<List<String>> connection = Arbitraries.of(NAMEABLE).list().ofMaxSize(4);
    Arbitrary<List<String>> forged =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(List.<String>of())),
            Tuple.of(5, Arbitraries.of(FORGED).list().ofMinSize(1).ofMaxSize(3)),
            Tuple.of(2, Arbitraries.of(FRAMING_TRICKS).list().ofMinSize(1).ofMaxSize(2)));
    Arbitrary<Framing> framing =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of(Framing.NONE, Framing.LENGTH, Framing.CHUNKED)),
            Tuple.of(2, Arbitraries.of(Framing.CHUNKED_EXT, Framing.CHUNKED_TRAILERS)),
            Tuple.of(2, Arbitraries.of(Framing.class)));
    Arbitrary<String> body = Arbitraries.of("", "hello", SMUGGLED, "0\r\n\r\n" + SMUGGLED);
    Arbitrary<Integer> credential = Arbitraries.integers().between(0, 3);
    return Combinators.combine(method, target, host, connection, forged, framing, body, credential)
        .as(SmugglingRequests::build);
  }

  /** One to four requests written back to back on one connection. */
  public static Arbitrary<List<String>> pipeline() {
    return request().list().ofMinSize(1).ofMaxSize(4);
  }

  static String build(
      String method,
      String target,
      String host,
      List<String> connection,
      List<String> forged,
      Framing framing,
      String body,
      int credential) {
    List<String> lines = new ArrayList<>();
    if (!host.isEmpty()) {
      lines.add(host);
    }
    if (!connection.isEmpty()) {
      lines.add("Connection: " + String.join(", ", connection));
    }
    lines.addAll(forged);
    switch (credential) {
      case 1 -> {
        lines.add("Drawbridge-Client-Id: " + tokenId);
        lines.add("Drawbridge-Client-Secret: " + tokenSecret);
      }
      case 2 -> lines.add("Authorization: Bearer " + tokenId + "." + tokenSecret);
      case 3 -> lines.add("Authorization: Bearer " + tokenId + ".wrong");
      default -> {}
    }
    String payload;
    switch (framing) {
      case LENGTH -> {
        lines.add("Content-Length: " + body.length());
        payload = body;
      }
      case SHORT_LENGTH -> {
        lines.add("Content-Length: " + Math.max(0, body.length() - 3));
        payload = body;
      }
      case LONG_LENGTH -> {
        lines.add("Content-Length: " + (body.length() + 2));
        payload = body;
      }
      case CHUNKED -> {
        lines.add("Transfer-Encoding: chunked");
        payload = chunk(body, "") + "0\r\n\r\n";
      }
      case CHUNKED_EXT -> {
        lines.add("Transfer-Encoding: chunked");
        payload = chunk(body, ";ext=\"x\"") + "0;last\r\n\r\n";
      }
      case CHUNKED_TRAILERS -> {
        lines.add("Transfer-Encoding: chunked");
        lines.add("Trailer: X-Forwarded-For, Drawbridge-Jwt-Assertion");
        payload =
            chunk(body, "")
                + "0\r\nX-Forwarded-For: 10.0.0.1\r\nDrawbridge-Jwt-Assertion: forged\r\n"
                + "Content-Length: 44\r\nHost: other.test\r\nX-Sum: 1\r\n\r\n";
      }
      case CHUNKED_BAD_SIZE -> {
        lines.add("Transfer-Encoding: chunked");
        payload = "ZZ\r\n" + body + "\r\n0\r\n\r\n";
      }
      case CHUNKED_OVERSIZE -> {
        lines.add("Transfer-Encoding: chunked");
        payload = Integer.toHexString(body.length() + 2) + "\r\n" + body + "\r\n0\r\n\r\n";
      }
      case LENGTH_AND_CHUNKED -> {
        lines.add("Content-Length: " + body.length());
        lines.add("Transfer-Encoding: chunked");
        payload = body;
      }
      default -> payload = body;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (String l : lines) {
      sb.append(l).append("\r\n");
    }
    sb.append("\r\n").append(payload);
    return sb.toString();
  }

  private static String chunk(String body, String ext) {
    if (body.isEmpty()) {
      return "";
    }
    return Integer.toHexString(body.length()) + ext + "\r\n" + body + "\r\n";
  }
}
