package dev.drawbridge.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * The cookies that belong to Drawbridge itself: the session ({@link #SESSION_TLS} under TLS, {@link
 * #SESSION_PLAIN} otherwise) and the sign-in browser binding ({@link #LOGIN_TLS}, {@link
 * #LOGIN_PLAIN}). The one list of these names: identity sets and reads them, the proxy keeps them
 * away from upstreams (removed from the {@code Cookie} header sent upstream, so an upstream cannot
 * replay a session against other applications) and keeps upstreams from setting them (an upstream's
 * {@code Set-Cookie} for one of them is dropped, so it cannot plant or overwrite a session). Names
 * are compared ignoring case, which only ever removes more.
 */
public final class ReservedCookies {
  /** The session cookie under TLS. */
  public static final String SESSION_TLS = "__Host-drawbridge";

  /** The session cookie over plain HTTP. */
  public static final String SESSION_PLAIN = "drawbridge_session";

  /** The sign-in browser binding (OIDC state) under TLS. */
  public static final String LOGIN_TLS = "__Host-drawbridge-login";

  /** The sign-in browser binding (OIDC state) over plain HTTP. */
  public static final String LOGIN_PLAIN = "drawbridge_login";

  /** Every reserved name. */
  private static final List<String> NAMES =
      List.of(SESSION_TLS, SESSION_PLAIN, LOGIN_TLS, LOGIN_PLAIN);

  /** Every reserved name contains this, so headers without it need no parsing. */
  private static final String MARK = "drawbridge";

  private ReservedCookies() {}

  /**
   * A {@code Cookie} header value without Drawbridge's cookies, the others intact and in order
   * (joined by {@code "; "}); the value itself when it has none; null when nothing is left.
   */
  static CharSequence withoutReserved(CharSequence header) {
    if (AsciiString.indexOfIgnoreCaseAscii(header, MARK, 0) < 0) {
      return header;
    }
    String s = header.toString();
    StringBuilder kept = new StringBuilder(s.length());
    boolean removed = false;
    int start = 0;
    while (start <= s.length()) {
      int semi = s.indexOf(';', start);
      int end = semi < 0 ? s.length() : semi;
      if (pairIsReserved(s, start, end)) {
        removed = true;
      } else {
        String pair = s.substring(start, end).trim();
        if (!pair.isEmpty()) {
          if (kept.length() > 0) {
            kept.append("; ");
          }
          kept.append(pair);
        }
      }
      if (semi < 0) {
        break;
      }
      start = semi + 1;
    }
    if (!removed) {
      return header;
    }
    return kept.length() == 0 ? null : kept.toString();
  }

  /** Removes, in place, every {@code Set-Cookie} that sets one of Drawbridge's cookies. */
  static void stripSetCookies(HttpHeaders h) {
    if (!h.contains(HttpHeaderNames.SET_COOKIE)) {
      return;
    }
    List<String> all = h.getAll(HttpHeaderNames.SET_COOKIE);
    List<String> kept = new ArrayList<>(all.size());
    for (String v : all) {
      if (!setsReserved(v)) {
        kept.add(v);
      }
    }
    if (kept.size() != all.size()) {
      h.remove(HttpHeaderNames.SET_COOKIE);
      for (String v : kept) {
        h.add(HttpHeaderNames.SET_COOKIE, v);
      }
    }
  }

  /** Whether a {@code Set-Cookie} value sets one of Drawbridge's cookies. */
  static boolean setsReserved(String setCookie) {
    int semi = setCookie.indexOf(';');
    return pairIsReserved(setCookie, 0, semi < 0 ? setCookie.length() : semi);
  }

  /**
   * Whether the cookie pair in {@code s[from, to)} has a reserved name. Leading whitespace, commas
   * and equals signs are skipped (as Netty's cookie decoder skips the first two, and a browser
   * sends a nameless cookie {@code =n=v} as {@code n=v}); the name ends at {@code '='} or the end
   * of the pair and loses trailing whitespace.
   */
  private static boolean pairIsReserved(String s, int from, int to) {
    while (from < to && skippable(s.charAt(from))) {
      from++;
    }
    int eq = s.indexOf('=', from);
    int end = eq < 0 || eq > to ? to : eq;
    while (end > from && whitespace(s.charAt(end - 1))) {
      end--;
    }
    return isReserved(s, from, end);
  }

  private static boolean isReserved(CharSequence s, int from, int to) {
    int len = to - from;
    for (String n : NAMES) {
      if (n.length() == len && AsciiString.regionMatches(s, true, from, n, 0, len)) {
        return true;
      }
    }
    return false;
  }

  private static boolean skippable(char c) {
    return whitespace(c) || c == ',' || c == '=';
  }

  private static boolean whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }
}
