package dev.drawbridge.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One admin API request: method, decoded path segments under {@code /api/v1/}, query, body. */
final class Call {
  static final String PREFIX = "/api/v1/";
  static final int MAX_BODY = 1 << 20;

  final String method;
  final List<String> path;
  final Map<String, String> query;
  private final HttpExchange exchange;

  Call(HttpExchange exchange) {
    this.exchange = exchange;
    this.method = exchange.getRequestMethod();
    this.path = segments(exchange.getRequestURI().getRawPath());
    this.query = query(exchange.getRequestURI().getRawQuery());
  }

  /** The path segments after {@code /api/v1/}, or null when the path is not under it. */
  private static List<String> segments(String raw) {
    if (raw == null || !raw.startsWith(PREFIX)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : raw.substring(PREFIX.length()).split("/")) {
      if (!s.isEmpty()) {
        out.add(decodeSegment(s, raw));
      }
    }
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /** Form decoding ({@code +} is a space), for query parameters only. */
  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("path", "invalid percent-encoding (expected: RFC 3986)");
    }
  }

  /**
   * RFC 3986 percent-decoding of one path segment: {@code %XX} is a byte of UTF-8, every other
   * character (a {@code +} included) stands for itself.
   */
  static String decodeSegment(String s, String rawPath) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) != '%') {
        out.append(s.charAt(i++));
        continue;
      }
      ByteArrayOutputStream run = new ByteArrayOutputStream(); // consecutive %XX: one UTF-8 run
      while (i < s.length() && s.charAt(i) == '%') {
        int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
        int lo = hi < 0 ? -1 : hex(s.charAt(i + 2));
        if (lo < 0) {
          throw badPath(rawPath);
        }
        run.write((hi << 4) | lo);
        i += 3;
      }
      try {
        out.append(
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(run.toByteArray())));
      } catch (CharacterCodingException e) {
        throw badPath(rawPath);
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static ApiException badPath(String rawPath) {
    return ApiException.invalid(
        "path",
        "\""
            + AdminServer.shorten(rawPath)
            + "\" has invalid percent-encoding (expected: RFC 3986, %XX of UTF-8)");
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The request body parsed as a JSON object with only {@code allowed} keys. */
  Body body(Set<String> allowed) {
    return Body.parse(readBody(), allowed);
  }

  private byte[] readBody() {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new ApiException(
            413, "too_large", "request body over " + MAX_BODY + " bytes (expected: less)", null);
      }
      return b;
    } catch (IOException e) {
      throw ApiException.invalid("body", "cannot be read: " + e.getMessage());
    }
  }

  /** Fails with 400 naming any query parameter not in {@code allowed}. */
  void allowQuery(Set<String> allowed) {
    FieldErrors errors = new FieldErrors();
    for (String k : query.keySet()) {
      if (!allowed.contains(k)) {
        errors.add(k, "unknown parameter (expected one of: " + String.join(", ", allowed) + ")");
      }
    }
    errors.throwIfAny();
  }

  void respond(int status, Object body) throws IOException {
    byte[] bytes = Json.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
