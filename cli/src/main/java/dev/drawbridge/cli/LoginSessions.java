package dev.drawbridge.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The sessions {@code drawbridge login} keeps for the CLI: one file per gateway under {@code
 * ~/.config/drawbridge/} (or {@code $XDG_CONFIG_HOME/drawbridge/}), mode 0600, holding the {@code
 * Cookie} header value to present.
 */
final class LoginSessions {
  private LoginSessions() {}

  static Path dir() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("drawbridge");
  }

  static Path file(URI gateway) {
    String name = gateway.getHost().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_");
    int port = gateway.getPort();
    return dir().resolve("session-" + name + (port > 0 ? "-" + port : ""));
  }

  /** The kept session's Cookie value for this gateway, or null. */
  static String cookieFor(URI gateway) throws IOException {
    Path f = file(gateway);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    String c = Files.readString(f).trim();
    return c.isEmpty() ? null : c;
  }
}
