package dev.drawbridge.identity.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.drawbridge.gateway.RequestContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Small response builders and request readers for the identity endpoints. */
final class Http {
  private Http() {}

  static FullHttpResponse html(int status, String body, String scriptNonce) {
    FullHttpResponse r = bytes(status, body, "text/html; charset=utf-8");
    r.headers()
        .set(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'nonce-"
                + scriptNonce
                + "'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self';"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    r.headers().set("X-Frame-Options", "DENY");
    r.headers().set("Referrer-Policy", "no-referrer");
    return r;
  }

  /** A POST must come from the page's own origin when the browser says where it comes from. */
  static boolean sameOrigin(RequestContext rc) {
    String origin = rc.headers().get("origin");
    if (origin == null) {
      return true;
    }
    String host = rc.headers().get("host");
    return origin.equalsIgnoreCase(rc.externalScheme() + "://" + host);
  }

  static FullHttpResponse json(int status, String json) {
    return bytes(status, json, "application/json");
  }

  static FullHttpResponse jsonError(int status, String code) {
    return json(status, "{\"error\":\"" + code + "\"}");
  }

  static FullHttpResponse redirect(String location) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND, Unpooled.EMPTY_BUFFER);
    r.headers().set(HttpHeaderNames.LOCATION, location);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().set("Referrer-Policy", "no-referrer");
    return r;
  }

  static FullHttpResponse bytes(int status, String body, String type) {
    ByteBuf b = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), b);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, b.readableBytes());
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().set("X-Content-Type-Options", "nosniff");
    return r;
  }

  static FullHttpResponse withCookies(FullHttpResponse r, String... setCookies) {
    for (String c : setCookies) {
      r.headers().add(HttpHeaderNames.SET_COOKIE, c);
    }
    return r;
  }

  static String param(FullHttpRequest req, String name) {
    List<String> v = new QueryStringDecoder(req.uri()).parameters().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The JSON object body of a POST, or null if it is not one. */
  static Map<String, Object> jsonBody(FullHttpRequest req) {
    String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return null;
    }
    try {
      return JSONObjectUtils.parse(req.content().toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      return null;
    }
  }

  static String string(Map<String, Object> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v instanceof String s ? s : null;
  }

  /** A JSON string literal. */
  static String q(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '<' -> sb.append("\\u003c");
        case '>' -> sb.append("\\u003e");
        case '&' -> sb.append("\\u0026");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** HTML-escapes text and attribute values. */
  static String h(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
