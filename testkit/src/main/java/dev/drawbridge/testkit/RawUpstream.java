package dev.drawbridge.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An HTTP/1.1 upstream on a loopback port that parses requests from raw bytes, the way a plain
 * origin server does (a body only by Content-Length or chunked; keep-alive until the client closes
 * or says {@code Connection: close}), and records every request it parsed, in order. What it parses
 * is what a smuggled request would look like to a real application, so tests compare it with what
 * the gateway decided. The response is {@code 200} with body {@code ok} unless a {@link #respond}
 * function gives raw bytes.
 */
public final class RawUpstream implements AutoCloseable {
  /** One request as the upstream parsed it. Header names are kept as sent. */
  public record Parsed(
      String method,
      String target,
      String version,
      List<String[]> headers,
      byte[] body,
      List<String[]> trailers,
      int connection) {

    /** Every value of header {@code name} (case-insensitive), in order. */
    public List<String> all(String name) {
      List<String> out = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          out.add(h[1]);
        }
      }
      return out;
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      List<String> a = all(name);
      return a.isEmpty() ? null : a.get(0);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  public final List<Parsed> parsed = new CopyOnWriteArrayList<>();

  /** Requests the upstream could not parse (framing it could not read), as messages. */
  public final List<String> unparsable = new CopyOnWriteArrayList<>();

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile Function<Parsed, List<byte[]>> respond = p -> List.of(ok("ok"));
  private volatile int connections;

  public RawUpstream() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "raw-upstream-accept");
    t.setDaemon(true);
    t.start();
  }

  /** Answers every request with the raw bytes {@code f} gives for it. */
  public RawUpstream respond(Function<Parsed, byte[]> f) {
    this.respond = p -> List.of(f.apply(p));
    return this;
  }

  /**
   * Answers every request with the pieces {@code f} gives, each written and flushed 150 ms after
   * the one before: bytes that arrive in their own TCP segment, after the gateway read the rest.
   */
  public RawUpstream respondInPieces(Function<Parsed, List<byte[]>> f) {
    this.respond = f;
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** A 200 response with a Content-Length body. */
  public static byte[] ok(String body) {
    return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        int id = ++connections;
        Thread t = new Thread(() -> serve(s, id), "raw-upstream-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int id) {
    try (s) {
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        Parsed p = read(in, id);
        if (p == null) {
          return;
        }
        parsed.add(p);
        List<byte[]> pieces = respond.apply(p);
        for (int i = 0; i < pieces.size(); i++) {
          if (i > 0) {
            sleep(150);
          }
          out.write(pieces.get(i));
          out.flush();
        }
        String conn = p.header("connection");
        if (conn != null && conn.toLowerCase(Locale.ROOT).contains("close")) {
          return;
        }
      }
    } catch (SocketException e) {
      // closed
    } catch (IOException | RuntimeException e) {
      unparsable.add(e.toString());
    }
  }

  private Parsed read(InputStream in, int id) throws IOException {
    String line = line(in);
    if (line == null) {
      return null;
    }
    while (line.isEmpty()) { // tolerate CRLF between requests (RFC 9112 §2.2)
      line = line(in);
      if (line == null) {
        return null;
      }
    }
    String[] rl = line.split(" ", -1);
    if (rl.length != 3) {
      throw new IOException("bad request line: " + line);
    }
    List<String[]> headers = fields(in);
    byte[] body = new byte[0];
    List<String[]> trailers = List.of();
    String te = null;
    String cl = null;
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase("transfer-encoding")) {
        te = h[1];
      } else if (h[0].equalsIgnoreCase("content-length")) {
        cl = h[1];
      }
    }
    if (te != null && te.trim().equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        if (size == null) {
          throw new IOException("connection closed inside a chunked body");
        }
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          trailers = fields(in);
          break;
        }
        byte[] chunk = in.readNBytes(n);
        if (chunk.length < n) {
          throw new IOException("connection closed inside a chunk");
        }
        b.write(chunk);
        String crlf = line(in);
        if (crlf == null || !crlf.isEmpty()) {
          throw new IOException("chunk not followed by CRLF");
        }
      }
      body = b.toByteArray();
    } else if (cl != null) {
      int n = Integer.parseInt(cl.trim());
      body = in.readNBytes(n);
      if (body.length < n) {
        throw new IOException("connection closed inside a Content-Length body");
      }
    }
    return new Parsed(rl[0], rl[1], rl[2], headers, body, trailers, id);
  }

  private static List<String[]> fields(InputStream in) throws IOException {
    List<String[]> out = new ArrayList<>();
    while (true) {
      String h = line(in);
      if (h == null) {
        throw new IOException("connection closed inside a header section");
      }
      if (h.isEmpty()) {
        return out;
      }
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad header line: " + h);
      }
      out.add(new String[] {h.substring(0, colon), h.substring(colon + 1).trim()});
    }
  }

  /** A line without its CRLF (a bare LF ends it too), or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
          sb.setLength(n - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The number of connections the upstream accepted. */
  public int connections() {
    return connections;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
  }
}
