package dev.drawbridge.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code server:}. */
final class ServerSection {
  static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8080);
  static final HostPort DEFAULT_ADMIN = new HostPort("127.0.0.1", 9090);
  private static final String HOST_PORT = "host:port such as 127.0.0.1:8080";
  private static final Set<String> KEYS =
      Cursor.keys(
          "listen",
          "admin_listen",
          "public_url",
          "tls",
          "trusted_proxies",
          "timeouts",
          "event_loops");
  private static final Set<String> TLS_KEYS =
      Cursor.keys("cert_file", "key_file", "client_ca_file");
  private static final Set<String> TIMEOUT_KEYS =
      Cursor.keys(
          "header_read",
          "idle",
          "upstream_connect",
          "upstream_response",
          "drain",
          "max_header_bytes",
          "upstream_pool_size");

  private ServerSection() {}

  static ServerConfig read(Cursor c, Path baseDir) {
    c.object("a map with " + String.join(", ", KEYS), KEYS);
    HostPort listen = hostPort(c.get("listen"), DEFAULT_LISTEN);
    HostPort admin = hostPort(c.get("admin_listen"), DEFAULT_ADMIN);
    if (listen.port() != 0 && listen.equals(admin)) {
      c.get("admin_listen")
          .problem(
              "is the same address as server.listen "
                  + listen
                  + " (expected: a different host:port for the admin API)");
    }
    ServerConfig.TlsConfig tls = tls(c.get("tls"), baseDir);
    URI publicUrl = null;
    Cursor pu = c.get("public_url");
    if (!pu.absent()) {
      publicUrl = Values.httpUrl(pu, false, false);
    }
    if (publicUrl == null) {
      publicUrl = URI.create((tls == null ? "http://" : "https://") + listen);
    }
    List<Cidr> proxies = cidrs(c.get("trusted_proxies"));
    ServerConfig.Timeouts timeouts = timeouts(c.get("timeouts"));
    Long loops = c.get("event_loops").integer(1, 1024);
    return new ServerConfig(
        listen, admin, publicUrl, tls, proxies, timeouts, loops == null ? 0 : loops.intValue());
  }

  private static HostPort hostPort(Cursor c, HostPort fallback) {
    String s = c.string(HOST_PORT);
    if (s == null) {
      return fallback;
    }
    try {
      HostPort hp = HostPort.parse(s.trim());
      if (hp.host().isBlank()) {
        throw new IllegalArgumentException("no host");
      }
      return hp;
    } catch (IllegalArgumentException e) {
      c.badValue("is not host:port", HOST_PORT + ", port 0-65535");
      return fallback;
    }
  }

  /** A list of CIDRs; bad entries are reported at the list's path: {@code "x" is not a CIDR}. */
  static List<Cidr> cidrs(Cursor c) {
    List<Cidr> out = new ArrayList<>();
    for (String s : c.strings("CIDRs such as 10.0.0.0/8")) {
      try {
        out.add(Cidr.parse(s));
      } catch (IllegalArgumentException e) {
        String expected =
            e instanceof Cidr.BadPrefix b
                ? b.expected()
                : "an IP network such as 10.0.0.0/8 or ::1";
        c.problem(Cursor.quote(s) + " is not a CIDR (expected: " + expected + ")");
      }
    }
    return out;
  }

  private static ServerConfig.TlsConfig tls(Cursor c, Path baseDir) {
    if (c.absent() || !c.object("a map with cert_file, key_file, client_ca_file", TLS_KEYS)) {
      return null;
    }
    Cursor cert = c.get("cert_file");
    Cursor key = c.get("key_file");
    Cursor ca = c.get("client_ca_file");
    if (cert.absent()) {
      cert.missing("cert_file and key_file together (PEM files)");
    }
    if (key.absent()) {
      key.missing("cert_file and key_file together (PEM files)");
    }
    Path certFile = existingFile(cert, baseDir);
    Path keyFile = existingFile(key, baseDir);
    Path caFile = existingFile(ca, baseDir);
    if (certFile == null || keyFile == null) {
      return null;
    }
    return new ServerConfig.TlsConfig(certFile, keyFile, caFile);
  }

  /** A file path resolved against the config's directory; it must exist. Null if absent or bad. */
  static Path existingFile(Cursor c, Path baseDir) {
    String s = c.string("a file path");
    if (s == null) {
      return null;
    }
    Path p;
    try {
      p = baseDir.resolve(s.trim()).normalize();
    } catch (InvalidPathException e) {
      c.badValue("is not a file path", "a file path");
      return null;
    }
    if (!Files.isRegularFile(p)) {
      c.problem(
          "file "
              + p
              + " does not exist (expected: an existing file; relative paths are resolved against"
              + " "
              + baseDir
              + ")");
      return null;
    } else if (!Files.isReadable(p)) {
      c.problem("file " + p + " is not readable (expected: a readable file)");
      return null;
    }
    return p;
  }

  private static ServerConfig.Timeouts timeouts(Cursor c) {
    ServerConfig.Timeouts d = ServerConfig.Timeouts.defaults();
    if (c.absent() || !c.object("a map with " + String.join(", ", TIMEOUT_KEYS), TIMEOUT_KEYS)) {
      return d;
    }
    Duration headerRead = or(c.get("header_read").duration(true), d.headerRead());
    Duration idle = or(c.get("idle").duration(true), d.idle());
    Duration connect = or(c.get("upstream_connect").duration(true), d.upstreamConnect());
    Duration response = or(c.get("upstream_response").duration(true), d.upstreamResponse());
    Duration drain = or(c.get("drain").duration(false), d.drain());
    Long headerBytes = c.get("max_header_bytes").integer(1024, 1 << 24);
    Long pool = c.get("upstream_pool_size").integer(1, 100_000);
    return new ServerConfig.Timeouts(
        headerRead,
        idle,
        connect,
        response,
        drain,
        headerBytes == null ? d.maxHeaderBytes() : headerBytes.intValue(),
        pool == null ? d.upstreamPoolSize() : pool.intValue());
  }

  static Duration or(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
