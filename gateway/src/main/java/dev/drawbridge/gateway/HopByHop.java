package dev.drawbridge.gateway;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which of a message's header fields cross the gateway (RFC 9110 §7.6.1). Hop-by-hop fields, and
 * those a {@code Connection} field names, stay on their hop; but a name in {@code Connection} can
 * never remove or alter a field that frames the message (Content-Length, Transfer-Encoding), routes
 * it (Host) or that the gateway itself sets ({@link #isGatewayOwned}): the framing and the fields
 * the gateway owns are written by the builder of the upstream head from the decided request, never
 * copied ({@link UpstreamRequests}), and a response keeps its framing ({@link #strip}).
 */
final class HopByHop {
  private static final AsciiString[] HOP = {
    HttpHeaderNames.CONNECTION,
    HttpHeaderNames.KEEP_ALIVE,
    AsciiString.cached("proxy-connection"),
    HttpHeaderNames.TE,
    HttpHeaderNames.TRAILER,
    HttpHeaderNames.TRANSFER_ENCODING,
    HttpHeaderNames.UPGRADE,
    HttpHeaderNames.PROXY_AUTHENTICATE,
    HttpHeaderNames.PROXY_AUTHORIZATION
  };

  /**
   * Fields of a request the gateway writes itself from the decided request, whatever the client
   * sent: framing, Host, and the client's address and scheme as the gateway established them.
   */
  private static final AsciiString[] GATEWAY_OWNED = {
    HttpHeaderNames.CONTENT_LENGTH,
    HttpHeaderNames.TRANSFER_ENCODING,
    HttpHeaderNames.HOST,
    AsciiString.cached("x-forwarded-for"),
    AsciiString.cached("x-forwarded-proto"),
    AsciiString.cached("x-forwarded-host"),
    AsciiString.cached("x-forwarded-port"),
    AsciiString.cached("x-forwarded-prefix"),
    AsciiString.cached("x-real-ip"),
    AsciiString.cached("forwarded"),
  };

  /**
   * Fields with which a client asks an upstream to act on another method or target than the request
   * line's (the one the policy decided): removed when the application's {@code
   * strip_override_headers} is on (the default).
   */
  private static final AsciiString[] OVERRIDES = {
    AsciiString.cached("x-http-method-override"),
    AsciiString.cached("x-http-method"),
    AsciiString.cached("x-method-override"),
    AsciiString.cached("x-original-url"),
    AsciiString.cached("x-rewrite-url"),
    AsciiString.cached("x-original-method"),
    AsciiString.cached("x-override-url"),
  };

  /**
   * Fields that never travel in a trailer section (RFC 9110 §6.5.1: framing, routing, request
   * modifiers, authentication, content handling): dropped from a trailer section, whatever side
   * sent it.
   */
  private static final AsciiString[] NOT_IN_TRAILERS = {
    HttpHeaderNames.AUTHORIZATION,
    HttpHeaderNames.COOKIE,
    HttpHeaderNames.SET_COOKIE,
    HttpHeaderNames.CONTENT_TYPE,
    HttpHeaderNames.CONTENT_ENCODING,
    HttpHeaderNames.CONTENT_RANGE,
    HttpHeaderNames.CACHE_CONTROL,
    HttpHeaderNames.EXPECT,
    HttpHeaderNames.MAX_FORWARDS,
    HttpHeaderNames.RANGE,
    HttpHeaderNames.LOCATION,
    HttpHeaderNames.WWW_AUTHENTICATE,
  };

  private static final AsciiString DRAWBRIDGE = AsciiString.cached("drawbridge-");

  /**
   * Headers the gateway builds itself from values that were validated when the client's request was
   * decoded (or that it made): re-validating every name and value on copy is wasted work.
   */
  private static final DefaultHttpHeadersFactory PREVALIDATED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private HopByHop() {}

  /**
   * Removes hop-by-hop fields of a response head in place, and those its Connection names, except
   * Content-Length: a response keeps the framing it was decoded with, whatever its Connection says.
   */
  static void strip(HttpHeaders h) {
    List<CharSequence> remove = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      if (isHop(e.getKey())) {
        if (remove == null) {
          remove = new ArrayList<>(4);
        }
        remove.add(e.getKey());
        if (HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(e.getKey())) {
          addTokens(e.getValue(), remove);
        }
      }
    }
    if (remove != null) {
      for (CharSequence n : remove) {
        if (!HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(n)) {
          h.remove(n);
        }
      }
    }
  }

  /**
   * The client's fields that may reach the upstream: {@code from} without hop-by-hop fields (and
   * those named in Connection), without the fields the gateway owns ({@link #isGatewayOwned}: the
   * caller writes them), without {@code Drawbridge-*} (also spelt {@code Drawbridge_*}), without
   * Drawbridge's own cookies in Cookie headers ({@link ReservedCookies}; a Cookie header left empty
   * is dropped), without method and URL overrides when {@code dropOverrides}, and without
   * Authorization when {@code dropAuthorization}.
   */
  static HttpHeaders copyForUpstream(
      HttpHeaders from, boolean dropAuthorization, boolean dropOverrides) {
    HttpHeaders to = PREVALIDATED.newHeaders();
    List<CharSequence> named = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      CharSequence n = e.getKey();
      if (isHop(n)) {
        if (HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(n)) {
          if (named == null) {
            named = new ArrayList<>(2);
          }
          addTokens(e.getValue(), named);
        }
        continue;
      }
      if (isGatewayOwned(n)
          || isDrawbridge(n)
          || (dropOverrides && isOverride(n))
          || (dropAuthorization && HttpHeaderNames.AUTHORIZATION.contentEqualsIgnoreCase(n))) {
        continue;
      }
      CharSequence v = e.getValue();
      if (HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(n)) {
        v = ReservedCookies.withoutReserved(v);
        if (v == null) {
          continue;
        }
      }
      to.add(n, v);
    }
    if (named != null) {
      for (CharSequence n : named) {
        to.remove(n); // only the client's own end-to-end fields are left to remove
      }
    }
    return to;
  }

  /**
   * Filters a trailer section in place: hop-by-hop fields, fields the gateway owns, {@code
   * Drawbridge-*}, method and URL overrides and fields a trailer must not carry (RFC 9110 §6.5.1)
   * are removed. Returns how many fields were removed.
   */
  static int filterTrailers(HttpHeaders trailers) {
    if (trailers.isEmpty()) {
      return 0;
    }
    List<CharSequence> remove = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = trailers.iteratorCharSequence();
        it.hasNext(); ) {
      CharSequence n = it.next().getKey();
      if (isHop(n)
          || isGatewayOwned(n)
          || isDrawbridge(n)
          || isOverride(n)
          || in(NOT_IN_TRAILERS, n)
          || startsWithIgnoreCase(n, "if-")
          || startsWithIgnoreCase(n, "content-")) {
        if (remove == null) {
          remove = new ArrayList<>(2);
        }
        remove.add(n);
      }
    }
    if (remove == null) {
      return 0;
    }
    for (CharSequence n : remove) {
      trailers.remove(n);
    }
    return remove.size();
  }

  /**
   * True for a name starting "drawbridge-", case-insensitively and with '_' read as '-': CGI and
   * WSGI upstreams see {@code Drawbridge_Jwt_Assertion} as {@code Drawbridge-Jwt-Assertion}.
   */
  static boolean isDrawbridge(CharSequence n) {
    int len = DRAWBRIDGE.length(); // "drawbridge-"
    if (n.length() < len || !DRAWBRIDGE.regionMatches(true, 0, n, 0, len - 1)) {
      return false;
    }
    char c = n.charAt(len - 1);
    return c == '-' || c == '_';
  }

  /** True for the framing fields, Host, and the forwarding fields the gateway writes itself. */
  static boolean isGatewayOwned(CharSequence n) {
    return in(GATEWAY_OWNED, n) || isUnderscoreSpelling(n);
  }

  static boolean isOverride(CharSequence n) {
    return in(OVERRIDES, n);
  }

  /**
   * True for {@code X_Forwarded_For} and the like: CGI-style upstreams read '_' as '-', so a client
   * could otherwise pass a forwarding field the gateway did not write.
   */
  private static boolean isUnderscoreSpelling(CharSequence n) {
    if (n.length() < 9 || !hasUnderscore(n)) {
      return false; // the common case: no string made
    }
    String dashed = n.toString().replace('_', '-');
    return in(GATEWAY_OWNED, dashed) || in(OVERRIDES, dashed);
  }

  private static boolean hasUnderscore(CharSequence n) {
    for (int i = 0; i < n.length(); i++) {
      if (n.charAt(i) == '_') {
        return true;
      }
    }
    return false;
  }

  private static boolean isHop(CharSequence n) {
    return in(HOP, n);
  }

  private static boolean in(AsciiString[] names, CharSequence n) {
    int len = n.length();
    for (AsciiString h : names) {
      if (h.length() == len && h.contentEqualsIgnoreCase(n)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithIgnoreCase(CharSequence n, String prefix) {
    return n.length() >= prefix.length()
        && n.toString().regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static void addTokens(CharSequence value, List<CharSequence> out) {
    String v = value.toString();
    int start = 0;
    while (start <= v.length()) {
      int comma = v.indexOf(',', start);
      int end = comma < 0 ? v.length() : comma;
      String t = v.substring(start, end).trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
  }
}
