package dev.drawbridge.gateway;

import dev.drawbridge.config.ApplicationConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps a Host header (or SNI name) to its application. Immutable; rebuilt on reload. */
public final class Router {
  private final Map<String, ApplicationConfig> byHost;

  public Router(List<ApplicationConfig> apps) {
    Map<String, ApplicationConfig> m = new HashMap<>();
    for (ApplicationConfig app : apps) {
      for (String h : app.hosts()) {
        m.put(h.toLowerCase(Locale.ROOT), app);
      }
    }
    this.byHost = Map.copyOf(m);
  }

  /** The host name without port, lower-cased; null if the header is absent or malformed. */
  public static String hostName(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return null;
    }
    String h = hostHeader.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? null : h.substring(0, end + 1).toLowerCase(Locale.ROOT);
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      String port = h.substring(colon + 1);
      if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
        return null;
      }
      h = h.substring(0, colon);
    }
    if (h.isEmpty()) {
      return null;
    }
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
        return null;
      }
    }
    return h.toLowerCase(Locale.ROOT);
  }

  /** The application with this id, or null (a tunnel named by {@code drawbridge connect --app}). */
  public ApplicationConfig byId(String id) {
    for (ApplicationConfig a : byHost.values()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    return null;
  }

  public ApplicationConfig route(String hostName) {
    return hostName == null ? null : byHost.get(hostName);
  }
}
