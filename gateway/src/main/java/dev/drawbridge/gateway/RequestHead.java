package dev.drawbridge.gateway;

import dev.drawbridge.policy.RequestTarget;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.net.URI;
import java.util.List;

/**
 * A request head as the gateway reads it: framing checks (the request-smuggling rules), an
 * upper-case method, the target (origin or absolute form), the Host, the normalized path and the
 * raw query. {@code problem} is null when the head is acceptable, else why it gets 400. {@code
 * authority} is the target's authority when the target is in absolute form (else null): it replaces
 * the client's Host (RFC 9112 §3.2.2), so that the upstream is told the host the request was routed
 * and decided by.
 */
record RequestHead(
    String host, String authority, String path, String query, String rawPath, String problem) {

  static RequestHead parse(HttpRequest req) {
    String problem = framingProblem(req);
    if (problem == null && !isUpperCase(req.method().name())) {
      // methods are case-sensitive (RFC 9110 §9.1): "delete" is not DELETE, so a policy on DELETE
      // would not hold it, while an upstream may serve it as DELETE
      problem = "method not in upper case";
    }
    String rawTarget = req.uri();
    String host = null;
    String authority = null;
    String rawPath = rawTarget;
    if (problem == null && (rawTarget.startsWith("http://") || rawTarget.startsWith("https://"))) {
      try {
        URI abs = new URI(rawTarget);
        authority = abs.getRawAuthority();
        host = Router.hostName(authority);
        rawPath = abs.getRawPath() == null || abs.getRawPath().isEmpty() ? "/" : abs.getRawPath();
        rawPath = abs.getRawQuery() == null ? rawPath : rawPath + "?" + abs.getRawQuery();
      } catch (Exception e) {
        problem = "bad request target";
      }
    } else if (problem == null) {
      host = Router.hostName(req.headers().get(HttpHeaderNames.HOST));
    }
    String query = null;
    String path = null;
    if (problem == null) {
      RequestTarget t = RequestTarget.parse(rawPath);
      query = t.query();
      path = t.path();
      problem = t.problem();
      int q = rawPath.indexOf('?');
      if (q >= 0 && rawPath.indexOf('#') < 0) {
        rawPath = rawPath.substring(0, q);
      }
    }
    if (problem == null && host == null) {
      problem = "missing or malformed Host";
    }
    return new RequestHead(host, authority, path, query, rawPath, problem);
  }

  /** Why the message framing is refused, or null. */
  static String framingProblem(HttpRequest req) {
    if (req.decoderResult().isFailure()) {
      Throwable c = req.decoderResult().cause();
      return "malformed request: " + (c == null ? "unknown" : c.getMessage());
    }
    if (req.protocolVersion().majorVersion() != 1) {
      return "unsupported HTTP version";
    }
    HttpHeaders h = req.headers();
    List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!te.isEmpty()) {
      if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
        return "unsupported Transfer-Encoding";
      }
      if (h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        return "both Content-Length and Transfer-Encoding";
      }
    }
    if (h.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1 || contentLength(req) < 0) {
      return "bad Content-Length";
    }
    if (h.getAll(HttpHeaderNames.HOST).size() > 1) {
      return "more than one Host";
    }
    return null;
  }

  /** True when {@code method} has no lower-case letter. */
  private static boolean isUpperCase(String method) {
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c >= 'a' && c <= 'z') {
        return false;
      }
    }
    return true;
  }

  /** The declared body length, 0 when absent, -1 when not a number. */
  static long contentLength(HttpRequest req) {
    try {
      return HttpUtil.getContentLength(req, 0L);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A rejected path as logged: at most 2,048 characters. */
  static String truncate(String s) {
    return s.length() > 2048 ? s.substring(0, 2048) : s;
  }
}
