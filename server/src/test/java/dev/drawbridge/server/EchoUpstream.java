package dev.drawbridge.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/** A real upstream on loopback that answers with the request line and the headers it saw. */
final class EchoUpstream implements AutoCloseable {
  final HttpServer server;
  final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

  EchoUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          lastHeaders.clear();
          ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v.get(0)));
          byte[] out =
              (ex.getRequestMethod() + " " + ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
