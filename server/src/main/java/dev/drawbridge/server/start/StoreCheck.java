package dev.drawbridge.server.start;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Opens a PostgreSQL {@code store.url} before anything is created on disk, so that an unreachable
 * or invalid store fails the start with one line naming {@code store.url} (host, port and database;
 * never the user's password), and the caller keeps the opened store.
 */
final class StoreCheck {
  private StoreCheck() {}

  static Store open(StoreConfig cfg, Path dataDir, Clock clock) {
    try {
      return Store.open(cfg, dataDir, clock);
    } catch (RuntimeException e) {
      String shown = redacted(cfg.url());
      String why = rootMessage(e);
      for (String secret : secrets(cfg.url())) {
        why = why.replace(secret, "***");
      }
      throw new StartupException(
          "store.url"
              + (shown == null ? "" : " (" + shown + ")")
              + ": "
              + (why.startsWith("store.url: ") ? why.substring("store.url: ".length()) : why)
              + " (check that PostgreSQL runs there and accepts this user and password; leave"
              + " store.url out for the embedded SQLite store)",
          null);
    }
  }

  /** scheme://host:port/db of the URL, without user information or query; null if unparseable. */
  static String redacted(String url) {
    try {
      String u = url.trim();
      if (u.startsWith("jdbc:")) {
        u = u.substring("jdbc:".length());
      }
      URI uri = URI.create(u);
      if (uri.getHost() == null) {
        return null;
      }
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
          + (uri.getRawPath() == null ? "" : uri.getRawPath());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The URL itself and its user information and query: what a message must not repeat. */
  private static java.util.List<String> secrets(String url) {
    java.util.List<String> out = new java.util.ArrayList<>();
    out.add(url);
    try {
      URI uri = URI.create(url.trim().startsWith("jdbc:") ? url.trim().substring(5) : url.trim());
      if (uri.getRawUserInfo() != null) {
        out.add(uri.getRawUserInfo());
        int c = uri.getRawUserInfo().indexOf(':');
        if (c >= 0 && c + 1 < uri.getRawUserInfo().length()) {
          out.add(uri.getRawUserInfo().substring(c + 1));
        }
      }
      if (uri.getRawQuery() != null) {
        for (String p : uri.getRawQuery().split("&")) {
          if (p.toLowerCase(java.util.Locale.ROOT).startsWith("password=") && p.length() > 9) {
            out.add(p.substring(9));
          }
        }
      }
    } catch (RuntimeException ignored) {
      // the whole URL is scrubbed anyway
    }
    return out;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String m = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        m = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
