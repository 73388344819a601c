package dev.drawbridge.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP upstream on loopback. {@code /echo/**} answers with the request line and headers it
 * saw; {@code /sink} counts the request body; {@code /bytes/N} streams N bytes; {@code /slow} waits
 * 3 s. Each {@code X-Set-Cookie} request header comes back as a {@code Set-Cookie} (echo paths).
 */
final class TestUpstream implements AutoCloseable {
  final HttpServer server;
  final List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
  final AtomicLong bodyBytes = new AtomicLong();
  final Map<String, Boolean> remotePorts = new ConcurrentHashMap<>();

  TestUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    remotePorts.put(String.valueOf(ex.getRemoteAddress().getPort()), true);
    seen.add(
        Map.of(
            "method", ex.getRequestMethod(),
            "uri", ex.getRequestURI().toString(),
            "headers", ex.getRequestHeaders()));
    try (InputStream in = ex.getRequestBody()) {
      byte[] buf = new byte[65536];
      long n = 0;
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
      }
      bodyBytes.addAndGet(n);
      if (path.startsWith("/bytes/")) {
        long size = Long.parseLong(path.substring(7));
        ex.sendResponseHeaders(200, size);
        try (OutputStream out = ex.getResponseBody()) {
          long left = size;
          while (left > 0) {
            int k = (int) Math.min(buf.length, left);
            out.write(buf, 0, k);
            left -= k;
          }
        }
        return;
      }
      if (path.equals("/slow")) {
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      StringBuilder sb = new StringBuilder();
      sb.append(ex.getRequestMethod()).append(' ').append(ex.getRequestURI().getRawPath());
      if (ex.getRequestURI().getRawQuery() != null) {
        sb.append('?').append(ex.getRequestURI().getRawQuery());
      }
      sb.append('\n').append("body-bytes: ").append(n).append('\n');
      ex.getRequestHeaders()
          .forEach(
              (k, v) ->
                  sb.append(k.toLowerCase()).append(": ").append(String.join(",", v)).append('\n'));
      byte[] out = sb.toString().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      List<String> setCookies = ex.getRequestHeaders().get("X-Set-Cookie");
      if (setCookies != null) {
        setCookies.forEach(c -> ex.getResponseHeaders().add("Set-Cookie", c));
      }
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
