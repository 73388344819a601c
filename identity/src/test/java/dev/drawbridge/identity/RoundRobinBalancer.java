package dev.drawbridge.identity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer in front of several gateways, as scale-out runs them: every request (not every
 * connection) goes to the next gateway in turn, with the client's Host and headers, so that each
 * step of a sign-in lands on another gateway than the step before. Needs the system property {@code
 * jdk.httpclient.allowRestrictedHeaders=host} (set by this module's surefire configuration).
 */
final class RoundRobinBalancer implements AutoCloseable {
  private static final Set<String> HOP =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection");

  private final List<Integer> ports;
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicInteger next = new AtomicInteger();

  /** "METHOD path → gateway index", in the order served. */
  final List<String> served = new CopyOnWriteArrayList<>();

  /** Listens at once (so that the gateways can be given its URL); forwards to {@link #to}. */
  RoundRobinBalancer() throws IOException {
    this.ports = new CopyOnWriteArrayList<>();
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The gateways, by port, in the order they take turns. */
  RoundRobinBalancer to(int... gatewayPorts) {
    for (int p : gatewayPorts) {
      ports.add(p);
    }
    return this;
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      if (ex.getRequestURI().getPath().equals("/favicon.ico")) {
        ex.sendResponseHeaders(404, -1); // the browser's own request: not a turn
        return;
      }
      int i = Math.floorMod(next.getAndIncrement(), ports.size());
      served.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " → " + i);
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + ports.get(i) + ex.getRequestURI().toString()))
              .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
              .timeout(Duration.ofSeconds(30));
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        if (!HOP.contains(h.getKey().toLowerCase())) {
          for (String v : h.getValue()) {
            b.header(h.getKey(), v);
          }
        }
      }
      HttpResponse<byte[]> r;
      try {
        r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      r.headers()
          .map()
          .forEach(
              (k, vs) -> {
                if (!HOP.contains(k.toLowerCase()) && !k.startsWith(":")) {
                  ex.getResponseHeaders().put(k, vs);
                }
              });
      byte[] out = r.body();
      ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
