package dev.drawbridge.audit.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.drawbridge.audit.AuditRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {
  HttpServer server;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();

  private URI start(int failFirst, CountDownLatch gate) throws IOException {
    return start(failFirst, 500, gate);
  }

  private URI start(int failFirst, int failCode, CountDownLatch gate) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          int n = requests.incrementAndGet();
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (gate != null) {
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int code = n <= failFirst ? failCode : 200;
          if (code == 200) {
            bodies.add(body);
          }
          ex.sendResponseHeaders(code, -1);
          ex.close();
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static AuditRecord record(long seq) {
    String json = "{\"seq\":" + seq + ",\"event\":\"access\"}";
    return new AuditRecord(seq, Map.of("seq", seq, "event", "access"), json);
  }

  private static WebhookSink.Options options(int batch, int capacity, WebhookSink.Format f) {
    return new WebhookSink.Options(
        batch, capacity, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(5), f);
  }

  @Test
  void dropsAndCountsABatchTheEndpointRefusesWith400AndDeliversTheNext() throws Exception {
    URI uri = start(1, 400, null);
    try (WebhookSink sink =
        new WebhookSink(
            uri, HttpClient.newHttpClient(), options(10, 100, WebhookSink.Format.NATIVE))) {
      sink.accept(record(1));
      eventually(() -> sink.dropped() == 1);
      sink.accept(record(2));
      eventually(() -> sink.sent() == 1);
      assertThat(requests.get()).as("the refused batch was not sent again").isEqualTo(2);
      assertThat(bodies).containsExactly("[{\"seq\":2,\"event\":\"access\"}]");
    }
  }

  @Test
  void retriesAfterA500AndDeliversTheBatchAsAJsonArray() throws Exception {
    URI uri = start(1, null);
    try (WebhookSink sink =
        new WebhookSink(
            uri, HttpClient.newHttpClient(), options(10, 100, WebhookSink.Format.NATIVE))) {
      sink.accept(record(1));
      eventually(() -> sink.sent() == 1);
      assertThat(sink.failed()).isEqualTo(1);
      assertThat(sink.dropped()).isZero();
      assertThat(bodies).containsExactly("[{\"seq\":1,\"event\":\"access\"}]");
    }
  }

  @Test
  void dropsTheOldestWhenTheBufferIsFullWithoutBlocking() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    URI uri = start(0, gate);
    try (WebhookSink sink =
        new WebhookSink(
            uri, HttpClient.newHttpClient(), options(1, 3, WebhookSink.Format.NATIVE))) {
      sink.accept(record(1));
      eventually(() -> requests.get() == 1); // the sender is busy with seq 1
      for (long s = 2; s <= 7; s++) {
        sink.accept(record(s));
      }
      assertThat(sink.dropped()).isEqualTo(3);
      gate.countDown();
      eventually(() -> sink.sent() == 4);
      assertThat(bodies.get(1)).contains("\"seq\":5");
    }
  }

  @Test
  void sendsOcsfWhenAsked() throws Exception {
    URI uri = start(0, null);
    try (WebhookSink sink =
        new WebhookSink(
            uri, HttpClient.newHttpClient(), options(10, 100, WebhookSink.Format.OCSF))) {
      sink.accept(record(1));
      eventually(() -> sink.sent() == 1);
      assertThat(bodies.get(0)).startsWith("[{\"class_uid\":6004");
    }
  }

  private static void eventually(BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10s");
      }
      Thread.sleep(2);
    }
  }
}
