package dev.drawbridge.admin;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One admin request that {@link AdminTransport} has read completely, presented to the endpoints as
 * the JDK's {@link HttpExchange} (the interface they are written against); the response is buffered
 * and handed to {@code done} once, on {@link #close()}. Runs on the admin pool, never on the event
 * loop.
 */
final class BufferedExchange extends HttpExchange {
  /** What the handler answered: status (-1: nothing was sent), headers, body. */
  record Response(int status, Headers headers, byte[] body) {}

  private final String method;
  private final URI uri;
  private final String protocol;
  private final Headers requestHeaders;
  private final Headers responseHeaders = new Headers();
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final Consumer<Response> done;
  private final Map<String, Object> attributes = new HashMap<>();
  private InputStream in;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private OutputStream out = body;
  private int status = -1;
  private boolean closed;

  BufferedExchange(
      String method,
      URI uri,
      String protocol,
      Headers requestHeaders,
      byte[] requestBody,
      InetSocketAddress remote,
      InetSocketAddress local,
      Consumer<Response> done) {
    this.method = method;
    this.uri = uri;
    this.protocol = protocol;
    this.requestHeaders = requestHeaders;
    this.in = new ByteArrayInputStream(requestBody);
    this.remote = remote;
    this.local = local;
    this.done = done;
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public HttpContext getHttpContext() {
    return null;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    done.accept(new Response(status < 0 ? 500 : status, responseHeaders, body.toByteArray()));
  }

  @Override
  public InputStream getRequestBody() {
    return in;
  }

  @Override
  public OutputStream getResponseBody() {
    return out;
  }

  /** As the JDK's: {@code length} -1 is no body; a second call fails. */
  @Override
  public synchronized void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    if (status >= 0 || closed) {
      throw new IOException("headers already sent");
    }
    status = rCode;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return remote;
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return local;
  }

  @Override
  public String getProtocol() {
    return protocol;
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    attributes.put(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    if (i != null) {
      in = i;
    }
    if (o != null) {
      out = o;
    }
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }
}
