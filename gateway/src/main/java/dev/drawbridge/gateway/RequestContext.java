package dev.drawbridge.gateway;

import dev.drawbridge.config.ApplicationConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;

/**
 * What the gateway knows of one request before it is decided. {@code app} is null when no
 * application serves the host. {@code path} is normalized; {@code query} is raw (may be null).
 *
 * <p>{@code tls}: TLS on this connection, as the gateway saw it (what client certificates, and so
 * {@code deviceManaged}, rest on). {@code secure}: the client reached us over https, that is TLS on
 * this connection or a trusted proxy's {@code X-Forwarded-Proto: https} ({@link
 * ClientAddress#forwardedHttps}); it decides cookie names and {@code Secure}, self URLs and the
 * {@code X-Forwarded-Proto} the upstream receives. It is always true when {@code tls} is.
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
    boolean secure,
    boolean deviceManaged,
    String userAgent) {

  public RequestContext {
    secure = secure || tls;
  }

  /** The scheme the client used: {@code https} when {@link #secure}, else {@code http}. */
  public String externalScheme() {
    return secure ? "https" : "http";
  }

  /** The Host the client sent (the authority it reached), or the routed host without one. */
  public String authority() {
    String h = headers.get("host");
    return h == null || h.isEmpty() ? host : h;
  }

  /** The request's URL as the client sees it: {@link #externalScheme}, Host, path and query. */
  public String externalUrl() {
    return externalScheme() + "://" + authority() + uri();
  }

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
