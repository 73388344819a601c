package dev.drawbridge.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The client side of a Drawbridge TCP tunnel (SPEC §9): one WebSocket (RFC 6455) connection to the
 * gateway, on the application's host ({@code --host}) or on the gateway's own host at {@code
 * /.drawbridge/tunnel/ID} ({@code --app}), carrying the bytes of one TCP connection in binary
 * frames. Blocking: {@link #read} and {@link #write} may run on two threads (each direction has its
 * own); a slow reader is back-pressure all the way to the upstream.
 */
final class WsTunnel implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int MAX_FRAME = 32 * 1024;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final byte[] scratch = new byte[MAX_FRAME + 14];
  private long remaining; // payload bytes left in the current data frame
  private boolean closed;

  private WsTunnel(Socket socket, DataInputStream in, OutputStream out) {
    this.socket = socket;
    this.in = in;
    this.out = out;
  }

  /**
   * Opens a tunnel. {@code host}: the application's host name (null with {@code appId}); {@code
   * headers}: the credentials. Throws {@link CliException} with the gateway's answer when it does
   * not upgrade (401, 403, 404, 502…).
   */
  static WsTunnel open(URI gateway, String host, String appId, Map<String, String> headers)
      throws IOException {
    boolean tls = "https".equalsIgnoreCase(gateway.getScheme());
    int port = gateway.getPort() > 0 ? gateway.getPort() : tls ? 443 : 80;
    String hostHeader = host != null ? host : gateway.getHost();
    String path =
        host != null
            ? "/"
            : "/.drawbridge/tunnel/" + URLEncoder.encode(appId, StandardCharsets.UTF_8);
    Socket s;
    if (tls) {
      SSLSocket ssl = (SSLSocket) SSLSocketFactory.getDefault().createSocket();
      SSLParameters p = ssl.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(hostHeader)));
      p.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(p);
      s = ssl;
    } else {
      s = new Socket();
    }
    try {
      s.connect(new InetSocketAddress(gateway.getHost(), port), 10_000);
      s.setTcpNoDelay(true);
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      StringBuilder req =
          new StringBuilder("GET ")
              .append(path)
              .append(" HTTP/1.1\r\nHost: ")
              .append(hostHeader)
              .append(
                  "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
              .append("Sec-WebSocket-Key: ")
              .append(Base64.getEncoder().encodeToString(nonce))
              .append("\r\nUser-Agent: drawbridge-connect/0.1\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 65536));
      String head = readHead(in);
      String status = head.isEmpty() ? "" : head.substring(0, head.indexOf('\r') + 1).trim();
      if (!status.startsWith("HTTP/1.1 101")) {
        String body = new String(in.readNBytes(Math.max(0, Math.min(512, in.available()))));
        throw new CliException(
            "the gateway did not open the tunnel: "
                + (status.isEmpty() ? "no answer" : status)
                + (body.isBlank() ? "" : " " + body.trim()));
      }
      return new WsTunnel(s, in, out);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    int state = 0;
    while (state < 4 && (c = in.read()) >= 0) {
      b.write(c);
      state =
          (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
              ? state + 1
              : c == '\r' ? 1 : 0;
      if (b.size() > 65536) {
        throw new IOException("response head too long");
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads tunnelled bytes into {@code buf}; -1 once the tunnel ended. */
  int read(byte[] buf) throws IOException {
    while (remaining == 0) {
      int b0;
      try {
        b0 = in.readUnsignedByte();
      } catch (EOFException e) {
        return -1;
      }
      int b1 = in.readUnsignedByte();
      long len = b1 & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      if ((b1 & 0x80) != 0) {
        throw new IOException("the gateway sent a masked frame");
      }
      int opcode = b0 & 0x0f;
      if (opcode == 0 || opcode == 1 || opcode == 2) {
        remaining = len;
        continue;
      }
      byte[] payload = in.readNBytes((int) Math.min(len, 125));
      if (opcode == 8) {
        return -1;
      }
      if (opcode == 9) {
        frame(0xA, payload, 0, payload.length);
      }
    }
    int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
    if (n < 0) {
      return -1;
    }
    remaining -= n;
    return n;
  }

  /** Sends {@code len} bytes through the tunnel (in frames of at most 32 KiB). */
  void write(byte[] buf, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, MAX_FRAME);
      frame(0x2, buf, off, n);
      off += n;
      len -= n;
    }
  }

  private synchronized void frame(int opcode, byte[] buf, int off, int len) throws IOException {
    byte[] f = scratch;
    int p = 0;
    f[p++] = (byte) (0x80 | opcode);
    if (len < 126) {
      f[p++] = (byte) (0x80 | len);
    } else {
      f[p++] = (byte) (0x80 | 126);
      f[p++] = (byte) (len >>> 8);
      f[p++] = (byte) len;
    }
    int mask = RANDOM.nextInt();
    byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    System.arraycopy(m, 0, f, p, 4);
    p += 4;
    for (int i = 0; i < len; i++) {
      f[p + i] = (byte) (buf[off + i] ^ m[i & 3]);
    }
    out.write(f, 0, p + len);
    out.flush();
  }

  /** Ends the tunnel: a close frame, then the socket. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      frame(0x8, new byte[] {0x03, (byte) 0xe8}, 0, 2);
    } catch (IOException e) {
      // already gone
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
