package dev.drawbridge.server;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.testkit.MutableClock;
import dev.drawbridge.testkit.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A whole Drawbridge on loopback ports, with a movable clock, driven over real HTTP. Its config and
 * data live in a temp dir that {@link #close()} deletes.
 */
final class ServerHarness implements AutoCloseable {
  final Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  final DrawbridgeServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ServerHarness(String yaml) throws Exception {
    dir = Files.createTempDirectory("drawbridge-it");
    try {
      Path file = dir.resolve("drawbridge.yaml");
      Files.writeString(file, yaml.replace("${DATA}", dir.resolve("data").toString()));
      DrawbridgeConfig cfg = ConfigLoader.load(file);
      server = DrawbridgeServer.start(cfg, file, clock);
    } catch (Exception | Error e) {
      TempDirs.deleteQuietly(dir);
      throw e;
    }
  }

  HttpResponse<String> get(String host, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.gatewayPort() + path))
            .header("Host", host);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String host, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.gatewayPort() + path))
            .header("Host", host)
            .POST(HttpRequest.BodyPublishers.ofString("0000"));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> admin(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.adminPort() + path))
            .header("Authorization", "Bearer " + server.adminToken())
            .header("Content-Type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  List<Map<String, Object>> events(String principal) {
    return server
        .audit()
        .query(new dev.drawbridge.audit.AuditQuery(principal, null, null, null, null, 0));
  }

  /** Stops the server and keeps its files, for a test that reads them afterwards. */
  void stop() {
    server.close();
  }

  /** Stops the server and deletes its temp dir. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }
}
