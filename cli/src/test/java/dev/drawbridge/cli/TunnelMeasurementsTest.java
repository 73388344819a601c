package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measurements, printed and not asserted on speed: 1 GiB through a tunnel against 1 GiB over a
 * direct TCP connection on loopback (same run, same upstream), the gateway's heap after it, and the
 * heap with 1,000 idle tunnels open. The gateway runs in this JVM; its heap is the JVM's used heap
 * after a GC, less what it was before (the idle tunnels' clients are bare sockets, a few hundred
 * bytes each).
 */
class TunnelMeasurementsTest {
  static final long GIB = 1L << 30;

  @TempDir Path dir;

  /** Sends {@link #GIB} to each connection (mode "send"), or holds it open and idle ("hold"). */
  static final class Source implements AutoCloseable {
    final ServerSocket server;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    volatile boolean send = true;

    Source() throws IOException {
      server = new ServerSocket(0, 2000, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::accept, "source");
      t.setDaemon(true);
      t.start();
    }

    void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          if (!send) {
            held.add(s);
            continue;
          }
          Thread w =
              new Thread(
                  () -> {
                    byte[] chunk = new byte[256 * 1024];
                    try (s;
                        OutputStream out = s.getOutputStream()) {
                      for (long sent = 0; sent < GIB; sent += chunk.length) {
                        out.write(chunk);
                      }
                    } catch (IOException e) {
                      // reader gone
                    }
                  });
          w.setDaemon(true);
          w.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void oneGibThroughATunnelAgainstDirectTcpAndHeapWithAThousandIdleTunnels() throws Exception {
    try (Source src = new Source();
        TunnelFixture f = new TunnelFixture(dir, src.server.getLocalPort())) {
      byte[] buf = new byte[64 * 1024];
      // warm-up of both paths
      readAll(new Socket("127.0.0.1", src.server.getLocalPort()).getInputStream(), buf, 64L << 20);

      long t0 = System.nanoTime();
      long direct;
      try (Socket s = new Socket("127.0.0.1", src.server.getLocalPort())) {
        direct = readAll(s.getInputStream(), buf, Long.MAX_VALUE);
      }
      long directNs = System.nanoTime() - t0;

      long heapBefore = usedHeap();
      URI gw = URI.create("http://127.0.0.1:" + f.gw.gatewayPort());
      Map<String, String> auth = Map.of("Authorization", "Bearer " + f.token);
      long tunnelled = 0;
      long t1 = System.nanoTime();
      try (WsTunnel t = WsTunnel.open(gw, "app.test", null, auth)) {
        int n;
        while ((n = t.read(buf)) >= 0) {
          tunnelled += n;
        }
      }
      long tunnelNs = System.nanoTime() - t1;
      long heapAfter = usedHeap();
      assertThat(direct).isEqualTo(GIB);
      assertThat(tunnelled).isEqualTo(GIB);
      System.out.printf(
          "tunnel throughput: 1 GiB direct TCP %.0f MB/s (%d ms), through the tunnel %.0f MB/s"
              + " (%d ms); used heap before %d MiB, after %d MiB; Netty direct memory %d"
              + " MiB%n",
          GIB / (directNs / 1e9) / 1e6,
          directNs / 1_000_000,
          GIB / (tunnelNs / 1e9) / 1e6,
          tunnelNs / 1_000_000,
          heapBefore >> 20,
          heapAfter >> 20,
          io.netty.util.internal.PlatformDependent.usedDirectMemory() >> 20);

      // 1,000 idle tunnels: bare sockets that did the upgrade, then nothing
      src.send = false;
      long idleBefore = usedHeap();
      List<Socket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 1000; i++) {
          clients.add(upgrade(f.gw.gatewayPort(), f.token));
        }
        long idleAfter = usedHeap();
        System.out.printf(
            "idle tunnels: 1000 open; used heap %d MiB before, %d MiB after: %.1f KiB per tunnel"
                + " (gateway and test clients together); Netty direct memory %d MiB%n",
            idleBefore >> 20,
            idleAfter >> 20,
            (idleAfter - idleBefore) / 1000.0 / 1024,
            io.netty.util.internal.PlatformDependent.usedDirectMemory() >> 20);
        long deadline = System.nanoTime() + 10_000_000_000L; // the source accepts on its own
        while (src.held.size() < 1000 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(src.held).hasSizeGreaterThanOrEqualTo(1000);
      } finally {
        for (Socket s : clients) {
          s.close();
        }
      }
    }
  }

  static long readAll(InputStream in, byte[] buf, long limit) throws IOException {
    long total = 0;
    int n;
    while (total < limit && (n = in.read(buf)) >= 0) {
      total += n;
    }
    in.close();
    return total;
  }

  static Socket upgrade(int port, String token) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    String req =
        "GET / HTTP/1.1\r\nHost: app.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Authorization: Bearer "
            + token
            + "\r\n\r\n";
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return s;
  }
}
