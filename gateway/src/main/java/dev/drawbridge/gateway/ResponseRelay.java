package dev.drawbridge.gateway;

import dev.drawbridge.gateway.Connection.Phase;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays the upstream's HTTP response to the client while forwarding. Interim (1xx) heads pass
 * through and their ends are dropped; every head loses any {@code Set-Cookie} for one of
 * Drawbridge's own cookies ({@link ReservedCookies}); the final head loses its hop-by-hop headers
 * and gets the framing and {@code Connection} this client needs and the request id; body parts go
 * one at a time (the upstream is read again only after the client took the last one); the end of
 * the response leaves only after the audit event was recorded, and then the connection is idle
 * again or closes. A 101 to a WebSocket request goes to {@link UpgradeTunnel}.
 */
final class ResponseRelay {
  private final Connection conn;
  private final UpstreamLeg leg;
  private final UpgradeTunnel tunnel;
  private final AuditGate audit;
  private final Runnable toIdle;
  private boolean informational;
  private boolean upstreamReusable;

  /**
   * @param toIdle returns the connection to idle, for the next request
   */
  ResponseRelay(
      Connection conn, UpstreamLeg leg, UpgradeTunnel tunnel, AuditGate audit, Runnable toIdle) {
    this.conn = conn;
    this.leg = leg;
    this.tunnel = tunnel;
    this.audit = audit;
    this.toIdle = toIdle;
  }

  void resetExchange() {
    informational = false;
    upstreamReusable = false;
  }

  /** A message from the upstream, in phase FORWARDING. */
  void onUpstreamMessage(Object msg) {
    if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      badUpstreamFraming(o.decoderResult().cause());
      return;
    }
    if (msg instanceof HttpResponse resp) {
      onResponseHead(resp);
      if (conn.phase == Phase.UPGRADING || conn.phase == Phase.UPGRADED) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    if (msg instanceof HttpContent c) {
      if (informational) {
        c.release();
        if (c instanceof LastHttpContent) {
          informational = false;
        }
        leg.channel().read();
        return;
      }
      conn.bytesOut += c.content().readableBytes();
      if (c instanceof LastHttpContent last) {
        HopByHop.filterTrailers(last.trailingHeaders());
        finishResponse(last);
      } else {
        conn.ctx
            .writeAndFlush(c)
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    Channel upstream = leg.channel();
                    if (upstream != null) {
                      upstream.read();
                    }
                  } else {
                    leg.abort();
                  }
                });
      }
    } else if (msg instanceof HttpResponse) {
      Channel upstream = leg.channel();
      if (upstream != null) {
        upstream.read();
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponseHead(HttpResponse resp) {
    int code = resp.status().code();
    // an upstream must not plant or overwrite Drawbridge's session: on any head, 1xx and 101 too
    ReservedCookies.stripSetCookies(resp.headers());
    if (code == 101 && leg.websocket()) {
      leg.cancelResponseTimer();
      conn.status = 101;
      conn.responseStarted = true;
      conn.phase = Phase.UPGRADING;
      tunnel.upgrade(resp);
      return;
    }
    HttpHeaders h = resp.headers();
    if (code >= 100 && code < 200) {
      informational = true;
      HopByHop.strip(h);
      conn.ctx.writeAndFlush(resp);
      return;
    }
    leg.cancelResponseTimer();
    conn.responseStarted = true;
    conn.status = code;
    upstreamReusable = HttpUtil.isKeepAlive(resp);
    boolean hasLength = h.contains(HttpHeaderNames.CONTENT_LENGTH);
    HopByHop.strip(h);
    boolean emptyBody = code == 204 || code == 304 || "HEAD".equals(conn.rc.method());
    if (!hasLength && !emptyBody) {
      if (conn.keepAlive && conn.http11) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      } else {
        conn.keepAlive = false;
      }
    }
    if (!conn.keepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    h.set(Responses.REQUEST_ID, conn.rc.requestId());
    conn.ctx.write(resp);
  }

  /**
   * The upstream's response could not be decoded (a bad status line, a bad chunk, a body where none
   * may be): before the head was relayed the client gets 502; after, its connection closes. The
   * upstream connection is never reused.
   */
  private void badUpstreamFraming(Throwable cause) {
    String why = "bad upstream response: " + (cause == null ? "unknown" : cause.getMessage());
    if (!conn.responseStarted) {
      leg.failUpstream(why);
      return;
    }
    conn.verdict = conn.verdict.withExtra("upstream_error", why);
    leg.abort();
  }

  private void finishResponse(LastHttpContent last) {
    RequestContext mine = conn.rc;
    // after a HEAD the upstream may have sent a body it should not have: never reuse that
    // connection
    boolean head = "HEAD".equals(conn.rc.method());
    leg.releaseAfterResponse(upstreamReusable && conn.requestDone && !head);
    audit.recordThen(
        () -> {
          boolean close = !conn.keepAlive || !conn.requestDone;
          conn.ctx
              .writeAndFlush(last)
              .addListener(
                  f -> {
                    conn.endCount();
                    if (close || !f.isSuccess()) {
                      conn.ctx.close();
                    } else if (conn.rc == mine) {
                      toIdle.run();
                    }
                  });
        },
        () -> {
          last.release();
          conn.endCount();
          conn.ctx.close();
        });
  }
}
