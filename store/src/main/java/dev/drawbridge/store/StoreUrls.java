package dev.drawbridge.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Turns {@code store.url} into a JDBC URL plus connection properties. Accepts {@code
 * postgresql://}, {@code postgres://} (with optional {@code user:password@}) and {@code
 * jdbc:postgresql://}. Error messages never repeat the URL (it may hold a password).
 */
final class StoreUrls {
  private StoreUrls() {}

  record Jdbc(String url, Properties props) {}

  static Jdbc postgres(String url) {
    String u = url.trim();
    if (u.startsWith("jdbc:postgresql://")) {
      return new Jdbc(u, new Properties());
    }
    String rest;
    if (u.startsWith("postgresql://")) {
      rest = u.substring("postgresql://".length());
    } else if (u.startsWith("postgres://")) {
      rest = u.substring("postgres://".length());
    } else {
      int colon = u.indexOf(':');
      String scheme = colon < 0 ? "(none)" : u.substring(0, colon);
      throw new IllegalArgumentException(
          "store.url: scheme \""
              + scheme
              + "\" (expected: postgresql://host:port/db?user=…&password=… or"
              + " jdbc:postgresql://…; leave store.url out for the embedded SQLite store)");
    }
    Properties props = new Properties();
    int slash = rest.indexOf('/');
    int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int c = userInfo.indexOf(':');
      props.setProperty("user", decode(c < 0 ? userInfo : userInfo.substring(0, c)));
      if (c >= 0) {
        props.setProperty("password", decode(userInfo.substring(c + 1)));
      }
    }
    if (rest.isEmpty() || rest.startsWith("/")) {
      throw new IllegalArgumentException(
          "store.url: no host (expected: postgresql://host:port/db?user=…&password=…)");
    }
    return new Jdbc("jdbc:postgresql://" + rest, props);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
