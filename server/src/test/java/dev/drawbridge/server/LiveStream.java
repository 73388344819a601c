package dev.drawbridge.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connection through the gateway that reads whatever comes back on a thread of its own,
 * counting bytes and noting when the gateway ended it: a slow download, or a WebSocket tunnel.
 */
final class LiveStream implements AutoCloseable {
  final Socket socket;
  final AtomicLong bytes = new AtomicLong();
  final CountDownLatch ended = new CountDownLatch(1);
  volatile long endedAtNanos;
  volatile String head = "";
  private final StringBuffer text = new StringBuffer();
  private final CountDownLatch gotHead = new CountDownLatch(1);

  /** Sends {@code request} (a whole request head) and starts reading. */
  LiveStream(int port, String request) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    Thread t = new Thread(this::read, "live-stream");
    t.setDaemon(true);
    t.start();
  }

  static String get(String host, String path, String... headers) {
    StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  static String websocket(String host, String path, String... headers) {
    String[] all = new String[headers.length + 8];
    System.arraycopy(headers, 0, all, 0, headers.length);
    int i = headers.length;
    all[i] = "Upgrade";
    all[i + 1] = "websocket";
    all[i + 2] = "Connection";
    all[i + 3] = "Upgrade";
    all[i + 4] = "Sec-WebSocket-Key";
    all[i + 5] = "dGhlIHNhbXBsZSBub25jZQ==";
    all[i + 6] = "Sec-WebSocket-Version";
    all[i + 7] = "13";
    return get(host, path, all);
  }

  private void read() {
    try {
      InputStream in = socket.getInputStream();
      head = SlowUpstream.readHead(in);
      gotHead.countDown();
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        bytes.addAndGet(n);
        if (text.length() < 64 * 1024) {
          text.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
      }
    } catch (IOException e) {
      // reset by the gateway: ended all the same
    } finally {
      endedAtNanos = System.nanoTime();
      gotHead.countDown();
      ended.countDown();
    }
  }

  /** What came after the first head (the first 64 KiB), as text. */
  String text() {
    return text.toString();
  }

  /** The response head, once it came (or the empty string if the connection ended first). */
  String awaitHead() throws InterruptedException {
    gotHead.await(10, TimeUnit.SECONDS);
    return head;
  }

  /** Waits until at least {@code n} body bytes came. */
  void awaitBytes(long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (bytes.get() < n && System.nanoTime() < deadline && ended.getCount() > 0) {
      Thread.sleep(5);
    }
  }

  boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  void send(byte[] b) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(b);
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
