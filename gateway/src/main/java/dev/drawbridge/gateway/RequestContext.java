package dev.drawbridge.gateway;

import dev.drawbridge.config.ApplicationConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;

/**
 * What the gateway knows of one request before it is decided. {@code app} is null when no
 * application serves the host. {@code path} is normalized; {@code query} is raw (may be null).
 */
public record RequestContext(
    String requestId,
    long startNanos,
    long startMillis,
    ApplicationConfig app,
    String host,
    String method,
    String path,
    String query,
    HttpHeaders headers,
    InetAddress clientIp,
    String clientIpText,
    boolean tls,
    boolean deviceManaged,
    String userAgent) {

  /** The path with its query, as sent upstream. */
  public String uri() {
    return query == null ? path : path + "?" + query;
  }

  /** True for a GET whose Accept names text/html: a browser gets redirects, not 401s. */
  public boolean isBrowser() {
    String accept = headers.get("accept");
    return "GET".equals(method) && accept != null && accept.contains("text/html");
  }
}
