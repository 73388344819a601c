package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.audit.AuditVerifier;
import dev.drawbridge.audit.VerifyResult;
import dev.drawbridge.config.AuditConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strict durability under SIGKILL: a gateway in its own process is killed while 16 clients load it;
 * after restart, every request that got a response has its access event, and the log verifies.
 */
class CrashSafetyTest {
  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void everyAnsweredRequestHasItsEventAfterSigkillAndTheLogVerifies(@TempDir Path dir)
      throws Exception {
    try (EchoUpstream upstream = new EchoUpstream()) {
      Path data = dir.resolve("data");
      int port = freePort();
      int admin = freePort();
      Path cfg = dir.resolve("drawbridge.yaml");
      Files.writeString(
          cfg,
          """
          server: {listen: 127.0.0.1:PORT, admin_listen: 127.0.0.1:ADMIN}
          data_dir: DATA
          audit: {durability: strict}
          applications:
            - id: wiki
              hosts: [wiki.test]
              upstream: UP
              policies:
                - {name: public, decision: bypass, include: [{everyone: true}], paths: ["/public/**"]}
          """
              .replace("PORT", "" + port)
              .replace("ADMIN", "" + admin)
              .replace("DATA", data.toString())
              .replace("UP", upstream.url()));
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
      String base = "http://127.0.0.1:" + port;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  DrawbridgeServer.class.getName(),
                  cfg.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("gateway.log").toFile())
              .start();
      Set<String> answered = ConcurrentHashMap.newKeySet();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
          try {
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/.drawbridge/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            break;
          } catch (java.io.IOException e) {
            assertThat(System.nanoTime()).as("gateway did not start").isLessThan(deadline);
            Thread.sleep(100);
          }
        }
        for (int t = 0; t < 16; t++) {
          int n = t;
          pool.submit(
              () -> {
                int i = 0;
                while (!stop.get()) {
                  String path = (i++ % 2 == 0 ? "/public/" : "/private/") + n + "-" + i;
                  try {
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                .header("Host", "wiki.test")
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    r.headers().firstValue("Drawbridge-Request-Id").ifPresent(answered::add);
                  } catch (Exception e) {
                    // the gateway was killed: this request got no response
                  }
                }
                return null;
              });
        }
        Thread.sleep(3000);
      } finally {
        // SIGKILL: the test's point, and on an early failure no gateway outlives the test
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      stop.set(true);
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      assertThat(answered).hasSizeGreaterThan(50);
      System.out.println("crash test: " + answered.size() + " requests answered before SIGKILL");

      // restart the log (recovery of a torn tail), then verify and compare
      try (AuditLog log = AuditLog.open(data, AuditConfig.defaults(), Clock.systemUTC())) {
        List<Map<String, Object>> events =
            log.query(new AuditQuery(null, null, null, null, null, 0));
        Set<String> logged = new HashSet<>();
        for (Map<String, Object> e : events) {
          logged.add(String.valueOf(e.get("request_id")));
        }
        List<String> missing = new ArrayList<>(answered);
        missing.removeAll(logged);
        assertThat(missing).as("answered requests without an event").isEmpty();
      }
      VerifyResult v = AuditVerifier.verify(data);
      assertThat(v.ok()).as(v.problem()).isTrue();
      assertThat(v.verified()).isGreaterThanOrEqualTo(answered.size());
    }
  }
}
