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

  public Redirects(Set<String> applicationHosts, URI publicUrl) {
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

  /** The full URL of the request, as the browser sees it. */
  public static String selfUrl(RequestContext rc) {
    String host = rc.headers().get("host");
    return (rc.tls() ? "https" : "http") + "://" + (host == null ? rc.host() : host) + rc.uri();
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
