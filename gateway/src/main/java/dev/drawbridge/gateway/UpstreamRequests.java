package dev.drawbridge.gateway;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The request head the upstream receives: the normalized path that was decided on, the client's
 * headers less hop-by-hop ones, {@code Drawbridge-*} ones, Drawbridge's own cookies ({@link
 * ReservedCookies}) and (when it carried a Drawbridge credential) Authorization; {@code
 * X-Forwarded-*} set, trusting the client's own values only from a trusted proxy (Proto: {@link
 * RequestContext#externalScheme}, {@code http} or {@code https}); and the verdict's headers (the
 * assertion JWT).
 */
final class UpstreamRequests {
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");

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
    boolean chunked = HttpUtil.isTransferEncodingChunked(req);
    HttpHeaders h = HopByHop.copyForUpstream(req.headers(), verdict.stripAuthorization());
    if (chunked) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (websocket) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      h.set(HttpHeaderNames.UPGRADE, "websocket");
    }
    boolean trusted = clientAddress.isTrusted(peer.getAddress());
    String xff = trusted ? ClientAddress.forwardedFor(req.headers()) : null;
    String peerText =
        peer.getAddress().equals(rc.clientIp())
            ? rc.clientIpText()
            : ClientAddress.text(peer.getAddress());
    h.set(X_FORWARDED_FOR, xff == null ? peerText : xff + ", " + peerText);
    // the scheme the gateway itself goes by (cookies, redirects): a trusted proxy's word or our TLS
    h.set(X_FORWARDED_PROTO, rc.externalScheme());
    String fwdHost = trusted ? req.headers().get("x-forwarded-host") : null;
    h.set(
        X_FORWARDED_HOST,
        fwdHost != null ? fwdHost : req.headers().get(HttpHeaderNames.HOST, rc.host()));
    for (Map.Entry<String, String> e : verdict.upstreamHeaders().entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, req.method(), rc.uri(), h);
  }
}
