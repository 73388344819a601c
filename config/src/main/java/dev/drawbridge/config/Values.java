package dev.drawbridge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validators for the value kinds shared by several sections; each reports at the cursor's path. */
final class Values {
  static final String URL_EXPECTED = "an http:// or https:// URL with a host";
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  private Values() {}

  /**
   * An http or https URL with a host; null after reporting {@code "htp://x" is not an http(s) URL}.
   * With {@code secret} the value is not printed (webhook URLs often carry a token).
   */
  static URI httpUrl(Cursor c, boolean secret, boolean allowQuery) {
    String s = c.string(URL_EXPECTED);
    if (s == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(s.trim());
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    if (uri == null
        || scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      report(c, secret, "is not an http(s) URL", URL_EXPECTED);
      return null;
    }
    if (uri.getRawUserInfo() != null) {
      report(c, secret, "has user info in the URL", "a URL without user:password@");
      return null;
    }
    if (uri.getRawFragment() != null || (!allowQuery && uri.getRawQuery() != null)) {
      report(c, secret, "has a query or fragment", "a URL without ?query or #fragment");
      return null;
    }
    return uri;
  }

  private static void report(Cursor c, boolean secret, String what, String expected) {
    if (secret) {
      c.problem("the value " + what + " (expected: " + expected + "; value not shown)");
    } else {
      c.badValue(what, expected);
    }
  }

  /** A DNS host name, lower-cased and without a trailing dot; null if not one. */
  static String hostName(String s) {
    String h = s.trim().toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.isEmpty() || h.length() > 253) {
      return null;
    }
    for (String label : h.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return null;
      }
    }
    return h;
  }

  /** An HTTP method token (RFC 9110), upper-cased; null if not a token. */
  static String method(String s) {
    String m = s.trim();
    return TOKEN.matcher(m).matches() ? m.toUpperCase(Locale.ROOT) : null;
  }

  /** Reads a list of HTTP methods; bad entries are reported at the list's path. */
  static List<String> methods(Cursor c) {
    List<String> out = new ArrayList<>();
    for (String s : c.strings("HTTP methods such as GET, POST")) {
      String m = method(s);
      if (m == null) {
        c.problem(Cursor.quote(s) + " is not an HTTP method (expected: a method such as GET)");
      } else if (!out.contains(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Reads a list of path patterns that must start with '/'; bad entries reported. */
  static List<String> paths(Cursor c) {
    List<String> out = new ArrayList<>();
    for (String s : c.strings("path patterns starting with /")) {
      if (!s.startsWith("/")) {
        c.problem(
            Cursor.quote(s) + " does not start with / (expected: a path pattern such as /scm/**)");
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
