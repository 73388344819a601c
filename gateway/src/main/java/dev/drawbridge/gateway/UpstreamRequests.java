package dev.drawbridge.gateway;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The one place that builds the request head the upstream receives, from the decided request (RFC
 * 9110 §7.6, RFC 9112 §6–7). First the client's end-to-end fields that may cross ({@link
 * HopByHop#copyForUpstream}: no hop-by-hop fields, none named in Connection, no {@code
 * Drawbridge-*}, none of Drawbridge's cookies, no overrides, no Authorization that carried a
 * Drawbridge credential); then, over whatever survived, the fields the gateway owns, written from
 * what it decided: the framing the request was decoded with (chunked, or its Content-Length), the
 * Host it was routed by, {@code X-Forwarded-For}/{@code -Proto}/{@code -Host}, {@code X-Real-IP}
 * and {@code Forwarded} (the client's own values only from a trusted proxy), the request id, and
 * the verdict's headers (the assertion JWT). Nothing a client names in Connection can remove them.
 */
final class UpstreamRequests {
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
  private static final AsciiString X_REAL_IP = AsciiString.cached("X-Real-IP");
  private static final AsciiString FORWARDED = AsciiString.cached("Forwarded");

  private UpstreamRequests() {}

  static boolean isWebSocket(HttpRequest req) {
    String up = req.headers().get(HttpHeaderNames.UPGRADE);
    return up != null
        && up.equalsIgnoreCase("websocket")
        && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  static HttpRequest build(
      HttpRequest req,
      RequestContext rc,
      Verdict verdict,
      boolean websocket,
      InetSocketAddress peer,
      ClientAddress clientAddress) {
    HttpHeaders from = req.headers();
    boolean stripOverrides = rc.app() == null || rc.app().stripOverrideHeaders();
    HttpHeaders h = HopByHop.copyForUpstream(from, verdict.stripAuthorization(), stripOverrides);
    // framing: as the request was decoded (RequestHead refused any ambiguity before this)
    if (HttpUtil.isTransferEncodingChunked(req)) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else if (from.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(RequestHead.contentLength(req)));
    }
    // the Host the request was routed and decided by (an absolute-form target's authority)
    h.set(HttpHeaderNames.HOST, from.get(HttpHeaderNames.HOST, rc.authority()));
    if (websocket) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      h.set(HttpHeaderNames.UPGRADE, "websocket");
    }
    boolean trusted = clientAddress.isTrusted(peer.getAddress());
    String xff = trusted ? ClientAddress.forwardedFor(from) : null;
    String peerText =
        peer.getAddress().equals(rc.clientIp())
            ? rc.clientIpText()
            : ClientAddress.text(peer.getAddress());
    h.set(X_FORWARDED_FOR, xff == null ? peerText : xff + ", " + peerText);
    // the scheme the gateway itself goes by (cookies, redirects): a trusted proxy's word or our TLS
    h.set(X_FORWARDED_PROTO, rc.externalScheme());
    String fwdHost = trusted ? from.get("x-forwarded-host") : null;
    String host = fwdHost != null ? fwdHost : from.get(HttpHeaderNames.HOST, rc.host());
    h.set(X_FORWARDED_HOST, host);
    // the client address as the gateway resolved it, in the two other spellings upstreams read
    h.set(X_REAL_IP, rc.clientIpText());
    h.set(FORWARDED, forwarded(rc.clientIp(), rc.clientIpText(), host, rc.externalScheme()));
    h.set(Responses.REQUEST_ID, rc.requestId());
    for (Map.Entry<String, String> e : verdict.upstreamHeaders().entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), rc.uri(), h);
  }

  /** An RFC 7239 element for the client: {@code for="[::1]";host="…";proto=https}. */
  static String forwarded(InetAddress client, String clientText, String host, String proto) {
    String forPart = client instanceof Inet6Address ? "\"[" + clientText + "]\"" : clientText;
    return "for=" + forPart + ";host=\"" + quoted(host) + "\";proto=" + proto;
  }

  private static String quoted(String s) {
    if (s.indexOf('"') < 0 && s.indexOf('\\') < 0) {
      return s;
    }
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
