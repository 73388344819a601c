package dev.drawbridge.server;

import dev.drawbridge.testkit.TempDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One embedded PostgreSQL (restartable on the same port and data dir) and N gateway processes
 * (child JVMs, each with its own data dir, all on the same {@code store.url}). All of it lives in
 * one temp dir that {@link #close()} deletes.
 */
final class ScaleOutCluster implements AutoCloseable {
  final Path dir;
  final int pgPort;
  final Path pgData;
  EmbeddedPostgres pg;
  final List<Gateway> gateways = new ArrayList<>();

  /** Extra keys of the gateways' {@code store:} map, e.g. {@code , max_staleness: 1s}. */
  String storeOptions = "";

  /** Environment variables of the gateway processes (for {@code ${env:…}} in the config). */
  final Map<String, String> env = new HashMap<>();

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  ScaleOutCluster() throws Exception {
    dir = Files.createTempDirectory("drawbridge-scale");
    pgPort = freePort();
    pgData = dir.resolve("pg");
    try {
      startPostgres();
    } catch (IOException | RuntimeException e) {
      TempDirs.deleteQuietly(dir);
      throw e;
    }
  }

  void startPostgres() throws IOException {
    pg =
        EmbeddedPostgres.builder()
            .setPort(pgPort)
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .start();
  }

  void stopPostgres() throws IOException {
    pg.close();
  }

  String storeUrl() {
    return "postgresql://localhost:" + pgPort + "/postgres?user=postgres";
  }

  Connection sql() throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + pgPort + "/postgres?user=postgres");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A gateway process. */
  final class Gateway {
    final int index;
    final int port;
    final int adminPort;
    final Path data;
    final Path config;
    Process process;
    String adminToken;

    Gateway(int index, String upstream) throws IOException {
      this.index = index;
      this.port = freePort();
      this.adminPort = freePort();
      this.data = dir.resolve("gw" + index);
      this.config = dir.resolve("gw" + index + ".yaml");
      Files.writeString(
          config,
          """
          server: {listen: 127.0.0.1:PORT, admin_listen: 127.0.0.1:ADMIN, public_url: http://gw.test}
          data_dir: DATA
          store: {url: "STORE"XSTALE}
          audit: {durability: strict}
          applications:
            - id: git
              hosts: [git.test]
              upstream: UP
              profile: bitbucket
              policies:
                - {name: services, decision: allow, include: [{any_service_token: true}]}
            - id: wiki
              hosts: [wiki.test]
              upstream: UP
              policies:
                - {name: services, decision: allow, include: [{any_service_token: true}]}
          """
              .replace("PORT", "" + port)
              .replace("ADMIN", "" + adminPort)
              .replace("DATA", data.toString())
              .replace("XSTALE", storeOptions)
              .replace("STORE", storeUrl())
              .replace("UP", upstream));
    }

    void start() throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  DrawbridgeServer.class.getName(),
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("gw" + index + ".log").toFile()));
      pb.environment().putAll(env);
      process = pb.start();
    }

    void awaitReady() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (true) {
        try {
          http.send(
              HttpRequest.newBuilder(URI.create(base() + "/.drawbridge/health")).build(),
              HttpResponse.BodyHandlers.discarding());
          if (Files.exists(data.resolve("admin.token"))) {
            adminToken = Files.readString(data.resolve("admin.token")).trim();
            return;
          }
        } catch (IOException e) {
          // not up yet
        }
        if (System.nanoTime() > deadline || !process.isAlive()) {
          // the dir goes with close(): carry the log's tail in the failure
          throw new IllegalStateException(
              "gateway " + index + " did not start; the end of its log:\n" + logTail());
        }
        Thread.sleep(100);
      }
    }

    /** The last lines of this gateway's log (its output is appended to the file). */
    String logTail() {
      try {
        List<String> lines = Files.readAllLines(dir.resolve("gw" + index + ".log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException | RuntimeException e) {
        return "(no log: " + e + ")";
      }
    }

    String base() {
      return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> request(String method, String host, String path, String... headers)
        throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base() + path))
              .timeout(Duration.ofSeconds(10))
              .header("Host", host)
              .method(
                  method,
                  method.equals("POST")
                      ? HttpRequest.BodyPublishers.ofString("0000")
                      : HttpRequest.BodyPublishers.noBody());
      if (headers.length > 0) {
        b.headers(headers);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String method, String path, String json) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + adminToken)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  json == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  void startGateways(int n, String upstream) throws Exception {
    for (int i = 0; i < n; i++) {
      Gateway g = new Gateway(i, upstream);
      gateways.add(g);
      g.start();
      if (i == 0) {
        g.awaitReady(); // the first one migrates the schema; the others then start together
      }
    }
    for (Gateway g : gateways) {
      g.awaitReady();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      for (Gateway g : gateways) {
        if (g.process != null && g.process.isAlive()) {
          g.stop();
        }
      }
    } finally {
      try {
        if (pg != null) {
          pg.close();
        }
      } finally {
        TempDirs.deleteQuietly(dir);
      }
    }
  }
}
