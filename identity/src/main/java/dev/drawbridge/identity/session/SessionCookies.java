package dev.drawbridge.identity.session;

import dev.drawbridge.control.Digests;
import dev.drawbridge.gateway.ReservedCookies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The session cookie: {@code __Host-drawbridge} under TLS, {@code drawbridge_session} otherwise;
 * HttpOnly, SameSite=Lax, Path=/, Secure under TLS. The value is 256 random bits (base64url). The
 * names are the gateway's {@link ReservedCookies}, which the proxy keeps away from upstreams.
 * "Under TLS" ({@code tls} here) means the client used https: callers pass {@code
 * RequestContext.secure()}, true also behind a trusted proxy that terminates TLS, never for an
 * untrusted peer's word.
 */
public final class SessionCookies {
  public static final String TLS_NAME = ReservedCookies.SESSION_TLS;
  public static final String PLAIN_NAME = ReservedCookies.SESSION_PLAIN;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private SessionCookies() {}

  public static String name(boolean tls) {
    return tls ? TLS_NAME : PLAIN_NAME;
  }

  /** 256 random bits, base64url without padding (43 characters). */
  public static String newValue() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** The record id of a cookie value: hex SHA-256. */
  public static String idOf(String value) {
    return HEX.formatHex(Digests.sha256(value));
  }

  private static final HexFormat HEX = HexFormat.of();

  /**
   * The session cookie's value in a request that came over TLS or not, or null. Only the name the
   * session is set under on that transport counts: under TLS only {@code __Host-drawbridge}, which
   * no other host can set, never {@code drawbridge_session}, which a sibling subdomain can set with
   * {@code Domain=} (session fixation, login CSRF).
   */
  public static String find(HttpHeaders headers, boolean tls) {
    return value(headers, name(tls));
  }

  /** The value of another cookie by name, or null. */
  public static String value(HttpHeaders headers, String name) {
    for (String h : headers.getAll(HttpHeaderNames.COOKIE)) {
      for (Cookie c : ServerCookieDecoder.LAX.decode(h)) {
        if (name.equals(c.name())) {
          return c.value();
        }
      }
    }
    return null;
  }

  /** A {@code Set-Cookie} value for the session. */
  public static String set(String value, boolean tls, Duration maxAge) {
    return cookie(name(tls), value, tls, "/", maxAge);
  }

  /** A {@code Set-Cookie} value that removes the session cookie. */
  public static String clear(boolean tls) {
    return cookie(name(tls), "", tls, "/", Duration.ZERO);
  }

  /** A Set-Cookie value with the house attributes (HttpOnly, SameSite=Lax). */
  public static String cookie(
      String name, String value, boolean tls, String path, Duration maxAge) {
    StringBuilder sb = new StringBuilder();
    sb.append(name).append('=').append(value);
    sb.append("; Path=").append(path);
    sb.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
    sb.append("; HttpOnly; SameSite=Lax");
    if (tls) {
      sb.append("; Secure");
    }
    return sb.toString();
  }
}
