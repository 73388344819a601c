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
 * Hop-by-hop header handling (RFC 9110 §7.6.1) and removal of clients' Drawbridge-* headers and
 * Drawbridge's cookies. One pass over the headers; no per-name hash lookups for the common case
 * where none is present.
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
  private static final AsciiString DRAWBRIDGE = AsciiString.cached("drawbridge-");

  /**
   * Headers the gateway builds itself from values that were validated when the client's request was
   * decoded (or that it made): re-validating every name and value on copy is wasted work.
   */
  private static final DefaultHttpHeadersFactory PREVALIDATED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private HopByHop() {}

  /** Removes hop-by-hop headers, including those named in Connection, in place. */
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
        h.remove(n);
      }
    }
  }

  /**
   * A copy of {@code from} without hop-by-hop headers (and those named in Connection), without
   * {@code Drawbridge-*} headers (also spelt {@code Drawbridge_*}), without Drawbridge's own
   * cookies in Cookie headers ({@link ReservedCookies}; a Cookie header left empty is dropped) and,
   * when {@code dropAuthorization}, without Authorization.
   */
  static HttpHeaders copyForUpstream(HttpHeaders from, boolean dropAuthorization) {
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
      if (isDrawbridge(n)
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
        to.remove(n);
      }
    }
    return to;
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

  private static boolean isHop(CharSequence n) {
    int len = n.length();
    for (AsciiString h : HOP) {
      if (h.length() == len && h.contentEqualsIgnoreCase(n)) {
        return true;
      }
    }
    return false;
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
