package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A 2 GiB upload and a 2 GiB download stream through the gateway with flat heap: the peak heap used
 * while they run stays far below the body size (a buffering proxy would need ≥ 2 GiB).
 */
class LargeBodyTest {
  static final long SIZE = 2L << 30;

  @Test
  void twoGibibytesPassThroughBothWaysWithFlatHeap() throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler =
        new Thread(
            () -> {
              while (!done.get()) {
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    try (TestUpstream up = new TestUpstream();
        TestGateway gw = new TestGateway(up.url())) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      sampler.start();
      byte[] chunk = new byte[1 << 20];
      HttpResponse<String> upload =
          client.send(
              HttpRequest.newBuilder(URI.create(gw.base() + "/sink"))
                  .POST(
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofInputStream(
                              () ->
                                  new InputStream() {
                                    long left = SIZE;

                                    @Override
                                    public int read() {
                                      return left-- > 0 ? 0 : -1;
                                    }

                                    @Override
                                    public int read(byte[] b, int off, int len) {
                                      if (left <= 0) {
                                        return -1;
                                      }
                                      int n = (int) Math.min(len, left);
                                      left -= n;
                                      return n;
                                    }
                                  }),
                          SIZE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.body()).contains("body-bytes: " + SIZE);
      HttpResponse<InputStream> download =
          client.send(
              HttpRequest.newBuilder(URI.create(gw.base() + "/bytes/" + SIZE)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      long total = 0;
      try (InputStream in = download.body()) {
        int n;
        while ((n = in.read(chunk)) > 0) {
          total += n;
        }
      }
      assertThat(total).isEqualTo(SIZE);
    } finally {
      done.set(true);
      sampler.join();
    }
    System.out.println("peak heap used during 2 GiB up + down: " + (peak.get() >> 20) + " MiB");
    assertThat(peak.get()).isLessThan(512L << 20);
  }
}
