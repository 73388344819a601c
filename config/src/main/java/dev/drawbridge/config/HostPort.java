package dev.drawbridge.config;

/** A listen address such as {@code 127.0.0.1:8080}; port 0 means any free port. */
public record HostPort(String host, int port) {
  public HostPort {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
    }
  }

  /** Parses {@code host:port} or {@code [v6]:port}; throws IllegalArgumentException. */
  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException('"' + text + "\" is not host:port");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException('"' + text + "\" is not host:port");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
