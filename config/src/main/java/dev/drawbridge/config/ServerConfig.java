package dev.drawbridge.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code server:}. {@code tls} is null when TLS is off. Timeouts have defaults and may be set under
 * {@code server.timeouts}. {@code eventLoops} is the number of data-plane event loop threads
 * ({@code server.event_loops}); 0 means the default, one per core but one (at least one). It is
 * read at start: a reload does not change it.
 */
public record ServerConfig(
    HostPort listen,
    HostPort adminListen,
    URI publicUrl,
    TlsConfig tls,
    List<Cidr> trustedProxies,
    Timeouts timeouts,
    int eventLoops) {

  public ServerConfig {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** {@code server.tls}; {@code clientCaFile} null when device certificates are off. */
  public record TlsConfig(
      java.nio.file.Path certFile, java.nio.file.Path keyFile, java.nio.file.Path clientCaFile) {}

  /** {@code server.timeouts} with the defaults an operator would expect. */
  public record Timeouts(
      Duration headerRead,
      Duration idle,
      Duration upstreamConnect,
      Duration upstreamResponse,
      Duration drain,
      int maxHeaderBytes,
      int upstreamPoolSize) {
    public static Timeouts defaults() {
      return new Timeouts(
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          16 * 1024,
          64);
    }
  }
}
