package dev.drawbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for the gateway in tests of the replay: routes by Host, checks the token, refuses the
 * admin console, and locks the principal after {@code lockAfter} distinct repositories downloaded.
 */
final class FakeGateway implements AutoCloseable {
  final HttpServer server;
  final Map<String, URI> upstreams; // host -> upstream
  final String clientId;
  final String secret;
  final int lockAfter;
  volatile boolean suspended;
  volatile boolean locked;
  final Set<String> downloaded = ConcurrentHashMap.newKeySet();
  final List<String> forwardedFor = new CopyOnWriteArrayList<>();
  final List<String> hosts = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  FakeGateway(Map<String, URI> upstreams, String clientId, String secret, int lockAfter)
      throws IOException {
    this.upstreams = upstreams;
    this.clientId = clientId;
    this.secret = secret;
    this.lockAfter = lockAfter;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    String host = ex.getRequestHeaders().getFirst("Host").replaceAll(":\\d+$", "");
    hosts.add(host);
    String xff = ex.getRequestHeaders().getFirst("X-Forwarded-For");
    if (xff != null) {
      forwardedFor.add(xff);
    }
    URI upstream = upstreams.get(host);
    if (upstream == null) {
      reply(ex, 404, "{\"error\":\"not_found\"}");
      return;
    }
    if (!authenticated(ex)) {
      reply(ex, 401, "{\"error\":\"unauthenticated\"}");
      return;
    }
    String path = ex.getRequestURI().getPath();
    if (suspended || locked || host.startsWith("admin.")) {
      reply(ex, 403, "{\"error\":\"access_denied\"}");
      return;
    }
    if (ex.getRequestMethod().equals("POST") && path.endsWith("/git-upload-pack")) {
      downloaded.add(path);
      if (downloaded.size() > lockAfter) {
        locked = true;
        reply(ex, 403, "{\"error\":\"access_denied\"}");
        return;
      }
    }
    proxy(ex, upstream);
  }

  private boolean authenticated(HttpExchange ex) {
    var h = ex.getRequestHeaders();
    if (clientId.equals(h.getFirst("Drawbridge-Client-Id"))
        && secret.equals(h.getFirst("Drawbridge-Client-Secret"))) {
      return true;
    }
    String auth = h.getFirst("Authorization");
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return basic.equals(auth);
  }

  private void proxy(HttpExchange ex, URI upstream) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
            .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (var e : ex.getRequestHeaders().entrySet()) {
      String n = e.getKey().toLowerCase();
      if (Set.of("host", "content-length", "connection", "authorization").contains(n)
          || n.startsWith("drawbridge-")) {
        continue;
      }
      for (String v : e.getValue()) {
        b.header(e.getKey(), v);
      }
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      r.headers()
          .map()
          .forEach(
              (k, v) -> {
                if (!Set.of("content-length", "transfer-encoding", "connection", ":status")
                    .contains(k.toLowerCase())) {
                  ex.getResponseHeaders().put(k, v);
                }
              });
      ex.getResponseHeaders().set("Drawbridge-Request-Id", "req-" + System.nanoTime());
      ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(r.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply(ex, 502, "{}");
    }
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Drawbridge-Request-Id", "req-" + System.nanoTime());
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
