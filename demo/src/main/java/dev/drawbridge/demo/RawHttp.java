package dev.drawbridge.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client (one request per connection) for the replay's data-plane requests. It
 * exists because {@code java.net.http} refuses to set {@code Host} unless a JVM-wide system
 * property is set before its first use, and the replay must route by Host to a gateway on
 * 127.0.0.1.
 */
final class RawHttp {
  private static final int MAX_BODY = 8 * 1024 * 1024;
  private static final int MAX_HEADER_LINE = 16 * 1024;

  /** A response; header names lower-cased. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final int timeoutMillis;

  RawHttp(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sends {@code method pathAndQuery} to {@code base} (scheme http only) with {@code Host: host}
   * ({@code null}: the base's authority).
   */
  Response send(
      URI base,
      String host,
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      byte[] body)
      throws IOException {
    if (!"http".equalsIgnoreCase(base.getScheme())) {
      throw new IOException("base: " + base + " (expected: an http:// URL)");
    }
    int port = base.getPort() < 0 ? 80 : base.getPort();
    String hostHeader = host != null ? host : base.getHost() + ":" + port;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(base.getHost(), port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
      req.append("Host: ").append(hostHeader).append("\r\n");
      for (Map.Entry<String, String> h : headers.entrySet()) {
        req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      if (body != null) {
        req.append("Content-Length: ").append(body.length).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(new BufferedInputStream(s.getInputStream()), method.equals("HEAD"));
    }
  }

  private static Response read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      if (colon > 0) {
        headers.put(
            l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
    }
    if (head || status == 204 || status == 304 || status / 100 == 1) {
      return new Response(status, headers, new byte[0]);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        String size = line(in);
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while (!line(in).isEmpty()) {
            // trailers
          }
          break;
        }
        copy(in, body, n);
        line(in);
      }
    } else if (headers.containsKey("content-length")) {
      copy(in, body, Integer.parseInt(headers.get("content-length")));
    } else {
      copy(in, body, -1);
    }
    return new Response(status, headers, body.toByteArray());
  }

  private static void copy(InputStream in, ByteArrayOutputStream out, int n) throws IOException {
    if (n > MAX_BODY || out.size() + Math.max(n, 0) > MAX_BODY) {
      throw new IOException("response body larger than " + MAX_BODY + " bytes");
    }
    if (n < 0) {
      byte[] all = in.readNBytes(MAX_BODY + 1 - out.size());
      if (out.size() + all.length > MAX_BODY) {
        throw new IOException("response body larger than " + MAX_BODY + " bytes");
      }
      out.writeBytes(all);
      return;
    }
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new IOException("connection closed after " + b.length + " of " + n + " body bytes");
    }
    out.writeBytes(b);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (b.size() >= MAX_HEADER_LINE) {
        throw new IOException("response line longer than " + MAX_HEADER_LINE + " bytes");
      }
      b.write(c);
    }
    if (c == -1 && b.size() == 0) {
      throw new IOException("connection closed before the response was complete");
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
