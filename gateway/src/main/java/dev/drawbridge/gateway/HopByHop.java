package dev.drawbridge.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Hop-by-hop header handling (RFC 9110 §7.6.1) and removal of clients' Drawbridge-* headers. */
final class HopByHop {
  private static final Set<String> HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-authenticate",
          "proxy-authorization");

  private HopByHop() {}

  /** Removes hop-by-hop headers, including those named in Connection. */
  static void strip(HttpHeaders h) {
    List<String> named = new ArrayList<>();
    for (String v : h.getAll(HttpHeaderNames.CONNECTION)) {
      for (String t : v.split(",")) {
        String n = t.trim().toLowerCase(Locale.ROOT);
        if (!n.isEmpty()) {
          named.add(n);
        }
      }
    }
    for (String n : named) {
      h.remove(n);
    }
    for (String n : HOP) {
      h.remove(n);
    }
  }

  /** Removes every header whose name starts with {@code Drawbridge-}. */
  static void stripDrawbridge(HttpHeaders h) {
    List<String> names = new ArrayList<>();
    for (String n : h.names()) {
      if (n.regionMatches(true, 0, "drawbridge-", 0, 11)) {
        names.add(n);
      }
    }
    for (String n : names) {
      h.remove(n);
    }
  }
}
