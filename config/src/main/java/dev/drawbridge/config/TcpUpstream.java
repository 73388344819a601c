package dev.drawbridge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * {@code upstream: tcp://HOST:PORT}: an application reached through a TCP tunnel (SPEC §9), such as
 * an SSH server or a database. A host and a port are required; nothing else (no path, query, user
 * info) is allowed.
 */
final class TcpUpstream {
  static final String EXPECTED = "tcp://HOST:PORT, such as tcp://10.0.0.5:22";

  private TcpUpstream() {}

  static boolean isTcp(Cursor c) {
    return c.node() != null
        && c.node().isTextual()
        && c.node().asText().trim().toLowerCase(Locale.ROOT).startsWith("tcp:");
  }

  static URI read(Cursor c) {
    String s = c.string(EXPECTED);
    if (s == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(s.trim());
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
      c.badValue("is not a tcp address with a host and a port", EXPECTED);
      return null;
    }
    String path = uri.getRawPath();
    if (uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || (path != null && !path.isEmpty() && !path.equals("/"))) {
      c.badValue("has more than a host and a port", EXPECTED);
      return null;
    }
    return URI.create("tcp://" + uri.getRawAuthority());
  }
}
