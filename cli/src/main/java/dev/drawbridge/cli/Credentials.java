package dev.drawbridge.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code drawbridge connect} presents to the gateway: a service token from {@code
 * --token-file} (one line, {@code client_id.client_secret}) or {@code DRAWBRIDGE_TOKEN}, else the
 * session {@code drawbridge login} kept for that gateway. Never printed.
 */
final class Credentials {
  private Credentials() {}

  static URI gatewayUrl(String url) {
    try {
      URI u = new URI(url.trim());
      if (u.getHost() == null
          || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
        throw new URISyntaxException(url, "not an http(s) URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw CliException.usage(
          "--url: \"" + url + "\" (expected: the gateway's URL, e.g. https://access.corp.example)");
    }
  }

  static Map<String, String> headers(Path tokenFile, URI gateway) throws IOException {
    String token;
    if (tokenFile != null) {
      if (!Files.isReadable(tokenFile)) {
        throw CliException.usage("--token-file: " + tokenFile + " cannot be read");
      }
      token = Files.readString(tokenFile).trim();
    } else {
      token = System.getenv("DRAWBRIDGE_TOKEN");
    }
    if (token != null && !token.isBlank()) {
      token = token.trim();
      if (token.indexOf('.') < 1) {
        throw CliException.usage(
            (tokenFile != null ? "--token-file" : "DRAWBRIDGE_TOKEN")
                + ": not a token (expected: client_id.client_secret)");
      }
      return Map.of("Authorization", "Bearer " + token);
    }
    String cookie = LoginSessions.cookieFor(gateway);
    if (cookie != null) {
      return Map.of("Cookie", cookie);
    }
    throw CliException.usage(
        "no credentials (expected: --token-file FILE, DRAWBRIDGE_TOKEN, or a session from"
            + " `drawbridge login --url "
            + gateway
            + "`)");
  }
}
