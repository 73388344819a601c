package dev.drawbridge.gateway;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.HostPort;
import dev.drawbridge.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A real gateway on 127.0.0.1:0 in front of a given upstream, with a swappable decider. */
final class TestGateway implements AutoCloseable {
  final GatewayServer server;
  final List<String> recorded = new CopyOnWriteArrayList<>();

  /** The extra audit fields of each recorded verdict, in the order of {@link #recorded}. */
  final List<java.util.Map<String, Object>> extras = new CopyOnWriteArrayList<>();

  volatile AccessDecider decider = r -> Verdict.bypass("test");

  /** When above 0, each recording completes that much later on another thread (strict audit). */
  volatile long recordDelayMillis;

  TestGateway(String upstreamUrl) throws Exception {
    this(upstreamUrl, ServerConfig.Timeouts.defaults());
  }

  TestGateway(String upstreamUrl, ServerConfig.Timeouts timeouts) throws Exception {
    this(upstreamUrl, timeouts, 2);
  }

  /** A gateway that trusts {@code trustedProxies} to set X-Forwarded-*. */
  TestGateway(String upstreamUrl, List<Cidr> trustedProxies) throws Exception {
    this(upstreamUrl, ServerConfig.Timeouts.defaults(), 2, trustedProxies);
  }

  TestGateway(String upstreamUrl, ServerConfig.Timeouts timeouts, int eventLoops) throws Exception {
    this(upstreamUrl, timeouts, eventLoops, List.of());
  }

  TestGateway(
      String upstreamUrl, ServerConfig.Timeouts timeouts, int eventLoops, List<Cidr> trustedProxies)
      throws Exception {
    ApplicationConfig app =
        new ApplicationConfig(
            "wiki",
            List.of("wiki.test", "localhost", "127.0.0.1"),
            URI.create(upstreamUrl),
            null,
            List.of(),
            List.of(),
            List.of(),
            "applications[0]");
    AccessRecorder rec =
        (r, v, o, l) -> {
          recorded.add(v.decisionWire() + " " + v.reason() + " " + o.status() + " " + r.path());
          extras.add(v.extra());
          long delay = recordDelayMillis;
          if (delay <= 0) {
            return CompletableFuture.completedFuture(null);
          }
          // as the strict audit log: the event is durable later, on the audit writer's thread
          return CompletableFuture.runAsync(
              () -> {}, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
        };
    GatewayState st =
        new GatewayState(
            new Router(List.of(app)),
            new ClientAddress(trustedProxies),
            timeouts,
            r -> decider.decide(r),
            rec,
            ReservedEndpoints.NONE);
    server =
        new GatewayServer(st, Clock.systemUTC(), null, eventLoops)
            .start(new HostPort("127.0.0.1", 0));
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Sends raw bytes and returns everything the gateway answers until it closes or 3 s pass. */
  String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      byte[] b = new byte[8192];
      try {
        int n;
        while ((n = in.read(b)) > 0) {
          buf.write(b, 0, n);
        }
      } catch (java.net.SocketTimeoutException e) {
        // the connection stayed open: return what arrived
      }
      return buf.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static ServerConfig.Timeouts shortTimeouts() {
    var d = ServerConfig.Timeouts.defaults();
    return new ServerConfig.Timeouts(
        Duration.ofSeconds(2),
        d.idle(),
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        d.drain(),
        d.maxHeaderBytes(),
        d.upstreamPoolSize());
  }

  @Override
  public void close() {
    server.close();
  }
}
