package dev.drawbridge.gateway;

import dev.drawbridge.gateway.Connection.Phase;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.CompletableFuture;

/**
 * A request to a reserved {@code /.drawbridge/} path (phase RESERVED). Health is answered at once;
 * any other path has its body collected (at most 1 MiB, else 413) and goes whole to the {@link
 * ReservedEndpoints}, whose answer, from any thread, is written on the connection's loop if the
 * request is still the current one. These are not access decisions: the gateway records no access
 * event for them.
 */
final class ReservedRequests {
  private static final int MAX_RESERVED_BODY = 1 << 20;

  private final Connection conn;
  private final LocalAnswers local;
  private HttpRequest reservedHead;
  private CompositeByteBuf reservedBody;

  ReservedRequests(Connection conn, LocalAnswers local) {
    this.conn = conn;
    this.local = local;
  }

  void onHead(HttpRequest req, boolean hasBody) {
    if (conn.rc.path().equals("/.drawbridge/health")) {
      conn.phase = Phase.LOCAL;
      FullHttpResponse r = Responses.json(200, "{\"status\":\"ok\"}");
      conn.verdict = null;
      conn.recorded = true;
      local.writeLocal(r);
      return;
    }
    conn.phase = Phase.RESERVED;
    reservedHead = req;
    reservedBody = conn.ctx.alloc().compositeBuffer();
    if (hasBody) {
      conn.ctx.read();
    }
  }

  void onContent(HttpContent c) {
    if (reservedBody.readableBytes() + c.content().readableBytes() > MAX_RESERVED_BODY) {
      c.release();
      reservedBody.release();
      reservedBody = null;
      conn.keepAlive = false;
      conn.requestDone = true;
      conn.phase = Phase.LOCAL;
      conn.recorded = true;
      local.writeLocal(Responses.error(413, "too_large", conn.rc.requestId()));
      return;
    }
    reservedBody.addComponent(true, c.content().retain());
    c.release();
    if (c instanceof LastHttpContent) {
      conn.requestDone = true;
      onComplete();
    } else {
      conn.ctx.read();
    }
  }

  private void onComplete() {
    DefaultFullHttpRequest full =
        new DefaultFullHttpRequest(
            reservedHead.protocolVersion(),
            reservedHead.method(),
            reservedHead.uri(),
            reservedBody,
            reservedHead.headers(),
            EmptyHttpHeaders.INSTANCE);
    reservedBody = null;
    CompletableFuture<FullHttpResponse> f;
    try {
      f = conn.state.reserved().handle(conn.rc, full);
    } catch (RuntimeException e) {
      conn.server.log().warn("reserved endpoint failed for request {}", conn.rc.requestId(), e);
      f = CompletableFuture.failedFuture(e);
    }
    if (f == null) {
      full.release();
      conn.phase = Phase.LOCAL;
      conn.recorded = true;
      local.writeLocal(Responses.error(404, "not_found", conn.rc.requestId()));
      return;
    }
    RequestContext mine = conn.rc;
    f.whenComplete(
        (resp, err) ->
            conn.onLoop(
                () -> {
                  full.release();
                  if (conn.rc != mine) {
                    if (resp != null) {
                      resp.release();
                    }
                    return;
                  }
                  conn.phase = Phase.LOCAL;
                  conn.recorded = true;
                  if (err != null || resp == null) {
                    conn.server
                        .log()
                        .warn("reserved endpoint failed for {}", mine.requestId(), err);
                    local.writeLocal(Responses.error(500, "internal_error", mine.requestId()));
                  } else {
                    local.writeLocal(resp);
                  }
                }));
  }

  /** Frees a body still being collected (the connection closed). */
  void release() {
    if (reservedBody != null) {
      reservedBody.release();
      reservedBody = null;
    }
  }
}
