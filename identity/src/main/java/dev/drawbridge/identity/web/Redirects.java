package dev.drawbridge.identity.web;

import dev.drawbridge.gateway.RequestContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Validates {@code rd} (where to return after login): a path on the same host, or an absolute
 * http(s) URL whose host is the request's host, an application host or the public URL's host. No
 * user info, no control characters, no scheme-relative or backslash tricks: no open redirect.
 */
public final class Redirects {
  private final Set<String> allowedHosts;
  private final URI publicUrl;

  public Redirects(Set<String> applicationHosts, URI publicUrl) {
    this.publicUrl = usable(publicUrl) ? publicUrl : null;
    java.util.HashSet<String> s = new java.util.HashSet<>();
    for (String h : applicationHosts) {
      s.add(h.toLowerCase(Locale.ROOT));
    }
    if (publicUrl != null && publicUrl.getHost() != null) {
      s.add(publicUrl.getHost().toLowerCase(Locale.ROOT));
    }
    this.allowedHosts = Set.copyOf(s);
  }

  /** The safe target, or null when {@code rd} must not be followed. Absent rd: {@code /}. */
  public String validate(String rd, RequestContext rc) {
    if (rd == null || rd.isEmpty()) {
      return "/";
    }
    if (rd.length() > 4096) {
      return null;
    }
    for (int i = 0; i < rd.length(); i++) {
      char c = rd.charAt(i);
      if (c < 0x21 || c == 0x7f || c == '\\') {
        return null;
      }
    }
    if (rd.startsWith("/")) {
      return rd.startsWith("//") ? null : rd;
    }
    URI u;
    try {
      u = new URI(rd);
    } catch (Exception e) {
      return null;
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    if (u.getRawUserInfo() != null || u.getHost() == null) {
      return null;
    }
    String host = u.getHost().toLowerCase(Locale.ROOT);
    if (host.equals(rc.host()) || allowedHosts.contains(host)) {
      return rd;
    }
    return null;
  }

  /**
   * The OIDC callback (redirect_uri) for a sign-in started on this request's host. With a usable
   * {@code public_url}: on the public URL's host (and port) it is {@code
   * <public_url>/.drawbridge/callback}, whatever the gateway saw (behind a TLS-terminating proxy
   * the gateway sees plain HTTP); on another host it is that host's callback with the public URL's
   * scheme when that is https, so the login cookie set on that host is sent back. Without one (the
   * config's stand-in built from {@code listen}: a wildcard address or port 0) it is the request's
   * own scheme ({@link RequestContext#externalScheme}: https also when a trusted proxy says so) and
   * Host, as before.
   */
  public URI callbackUri(RequestContext rc) {
    String host = rc.authority();
    String path = "/.drawbridge/callback";
    if (publicUrl != null) {
      String scheme = publicUrl.getScheme().toLowerCase(Locale.ROOT);
      if (sameAuthority(host, scheme)) {
        return URI.create(scheme + "://" + publicUrl.getRawAuthority() + path);
      }
      if (scheme.equals("https")) {
        return URI.create("https://" + host + path);
      }
    }
    return URI.create(rc.externalScheme() + "://" + host + path);
  }

  private boolean sameAuthority(String hostHeader, String scheme) {
    URI h;
    try {
      h = new URI("http://" + hostHeader);
    } catch (Exception e) {
      return false;
    }
    if (h.getHost() == null || h.getRawUserInfo() != null) {
      return false;
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    int port = h.getPort() == -1 ? defaultPort : h.getPort();
    int publicPort = publicUrl.getPort() == -1 ? defaultPort : publicUrl.getPort();
    return port == publicPort && h.getHost().equalsIgnoreCase(publicUrl.getHost());
  }

  /**
   * Where a security-key sign-in asked for on {@code rc}'s host must run instead, or null to run it
   * here: {@code public_url}'s key sign-in page when {@code rpId} cannot serve this host but serves
   * the public URL's ({@link dev.drawbridge.config.RpIdScope}); {@code rd} becomes absolute, so
   * that the session is handed back to this host ({@link Handoff}).
   */
  public String keySignInElsewhere(RequestContext rc, String rd, String rpId) {
    if (publicUrl == null
        || dev.drawbridge.config.RpIdScope.serves(rpId, rc.host())
        || !dev.drawbridge.config.RpIdScope.serves(rpId, publicUrl.getHost())) {
      return null;
    }
    String absolute = rd.startsWith("/") ? rc.externalScheme() + "://" + rc.authority() + rd : rd;
    return publicUrl.getScheme()
        + "://"
        + publicUrl.getRawAuthority()
        + "/.drawbridge/webauthn/login?rd="
        + enc(absolute);
  }

  /** False for no URL and for the config's stand-in that no browser can reach. */
  private static boolean usable(URI u) {
    if (u == null || u.getHost() == null || u.getPort() == 0 || u.getScheme() == null) {
      return false;
    }
    String h = u.getHost();
    return !h.equals("0.0.0.0")
        && !h.equals("[::]")
        && !h.equals("::")
        && !h.equals("[0:0:0:0:0:0:0:0]");
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
