package dev.drawbridge.gateway;

import dev.drawbridge.gateway.Connection.Phase;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.net.URI;
import java.util.function.Consumer;

/**
 * The upstream connection of a forwarded exchange (phase FORWARDING): acquires it (from the pool,
 * or fresh for a WebSocket upgrade), writes the request head, then the body one part at a time (the
 * client is read again only after the upstream took the last part), and arms the response timeout.
 * A pooled connection that fails before answering a bodyless request is retried once on a fresh
 * one; otherwise a failure becomes a local 502 or 504 that names the upstream error in the audit
 * event. Gives the connection back to the pool, or closes it. The response itself is {@link
 * ResponseRelay}'s.
 */
final class UpstreamLeg {
  private final Connection conn;
  private final LocalAnswers local;
  private final AuditGate audit;
  private final UpstreamHandler.Exchange owner;
  private final Consumer<Object> dispatch;
  private final LazyTimer responseTimer;

  private Channel upstream;
  private URI upstreamUri;
  private HttpRequest upstreamHead;
  private boolean websocket;

  /** A git protocol-v2 upload-pack POST whose first body bytes name its command. */
  private boolean peekGitCommand;

  private boolean pooled;
  private int attempts;

  /**
   * @param owner what the upstream connection hands its events to while this exchange owns it
   * @param dispatch handles a message the client sent before the upstream could take it
   */
  UpstreamLeg(
      Connection conn,
      LocalAnswers local,
      AuditGate audit,
      UpstreamHandler.Exchange owner,
      Consumer<Object> dispatch) {
    this.conn = conn;
    this.local = local;
    this.audit = audit;
    this.owner = owner;
    this.dispatch = dispatch;
    this.responseTimer = new LazyTimer(conn.ctx.executor(), this::responseTimeout);
  }

  /** The upstream connection while one is attached, else null. */
  Channel channel() {
    return upstream;
  }

  /** True if the request asked for a WebSocket upgrade. */
  boolean websocket() {
    return websocket;
  }

  void resetExchange() {
    websocket = false;
    peekGitCommand = false;
    upstream = null;
    upstreamHead = null;
    pooled = false;
    attempts = 0;
    cancelResponseTimer();
  }

  void forward(HttpRequest req) {
    conn.phase = Phase.FORWARDING;
    conn.startCount();
    RequestContext rc = conn.rc;
    upstreamUri = rc.app().upstream();
    websocket = UpstreamRequests.isWebSocket(req);
    peekGitCommand = GitRequests.isV2UploadPack(req, rc.path(), conn.verdict);
    upstreamHead =
        UpstreamRequests.build(
            req, rc, conn.verdict, websocket, conn.peer, conn.state.clientAddress());
    var t = conn.state.timeouts();
    Future<Channel> f =
        websocket
            ? conn.server.pool(loop()).connectFresh(upstreamUri, connectMs())
            : conn.server.pool(loop()).acquire(upstreamUri, t.upstreamPoolSize(), connectMs());
    pooled = !websocket;
    attempts = 1;
    RequestContext mine = rc;
    f.addListener(
        (Future<Channel> cf) -> {
          if (gone(mine, cf)) {
            return;
          }
          if (!cf.isSuccess()) {
            upstreamFailed(502, "upstream_unreachable");
            return;
          }
          attach(cf.getNow());
        });
  }

  /**
   * True if the exchange {@code mine} is over (or its client gone) by the time its upstream
   * connection came: the connection, unused, goes back to the pool (one from {@link
   * UpstreamPool#connectFresh} is closed there) and the request is not sent.
   */
  private boolean gone(RequestContext mine, Future<Channel> cf) {
    if (conn.rc == mine && conn.ctx.channel().isActive()) {
      return false;
    }
    if (cf.isSuccess()) {
      conn.server.releaseUpstream(loop(), mine.app().upstream(), cf.getNow(), true, conn.state);
    }
    return true;
  }

  private EventLoop loop() {
    return conn.ctx.channel().eventLoop();
  }

  private int connectMs() {
    return (int) conn.state.timeouts().upstreamConnect().toMillis();
  }

  private void attach(Channel ch) {
    upstream = ch;
    ch.pipeline().get(UpstreamHandler.class).own(owner);
    RequestContext mine = conn.rc;
    ch.writeAndFlush(upstreamHead)
        .addListener(
            w -> {
              if (conn.rc != mine) {
                return;
              }
              if (!w.isSuccess()) {
                retryOrFail();
                return;
              }
              ch.read();
              if (conn.requestDone) {
                // a retry of a bodyless request whose end was sent on the failed connection
                ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                armResponseTimer();
              }
              drainQueued();
              if (!conn.requestDone && conn.queued.isEmpty() && conn.phase == Phase.FORWARDING) {
                conn.ctx.read();
              }
            });
  }

  private void drainQueued() {
    while (!conn.queued.isEmpty() && !conn.requestDone && conn.phase == Phase.FORWARDING) {
      dispatch.accept(conn.queued.poll());
    }
  }

  /**
   * A part of the request body: to the upstream. A part the decoder could not read (a malformed
   * chunk) is not: the exchange fails ({@link #malformedBody}). A trailer section is filtered like
   * the head ({@link HopByHop#filterTrailers}). The response timeout starts once the last part is
   * written: an upload still being sent is not an upstream that is late to answer.
   */
  void onContent(HttpContent c) {
    if (c.decoderResult().isFailure()) {
      Throwable cause = c.decoderResult().cause();
      c.release();
      malformedBody(cause == null ? "unknown" : cause.getMessage());
      return;
    }
    boolean last = c instanceof LastHttpContent;
    if (last) {
      conn.requestDone = true;
      HopByHop.filterTrailers(((LastHttpContent) c).trailingHeaders());
    }
    if (peekGitCommand) {
      peekGitCommand = false;
      if (GitRequests.isLsRefs(c.content())) {
        conn.verdict = conn.verdict.withAction(GitRequests.VIEW); // a ref listing, not a download
      }
    }
    RequestContext mine = conn.rc;
    upstream
        .writeAndFlush(c)
        .addListener(
            w -> {
              if (conn.rc != mine) {
                return;
              }
              if (!w.isSuccess()) {
                abort();
              } else if (!last) {
                conn.ctx.read();
              } else if (!conn.responseStarted) {
                armResponseTimer();
              }
            });
  }

  private void armResponseTimer() {
    responseTimer.arm(conn.state.timeouts().upstreamResponse().toMillis());
  }

  /**
   * The request body could not be decoded (e.g. a chunk size that is not hex): its end is never
   * sent, the upstream connection is closed under the partial request, and the client gets 400 (or,
   * when the response already began, a closed connection). Either way the exchange is recorded with
   * the problem.
   */
  private void malformedBody(String why) {
    String problem = "malformed request body: " + why;
    conn.requestDone = true;
    conn.keepAlive = false;
    dropUpstream();
    conn.verdict = conn.verdict.withExtra("problem", problem);
    if (conn.responseStarted) {
      conn.endCount();
      audit.recordThen(() -> conn.ctx.close(), () -> conn.ctx.close());
      return;
    }
    cancelResponseTimer();
    local.local(conn.verdict, Responses.error(400, "bad_request", conn.rc.requestId(), problem));
  }

  private void responseTimeout() {
    if (conn.phase == Phase.FORWARDING && !conn.responseStarted) {
      dropUpstream();
      conn.keepAlive = false;
      upstreamFailed(504, "upstream_timeout");
    }
  }

  void cancelResponseTimer() {
    responseTimer.disarm();
  }

  /** Disarms the response timer and removes its queued task (the client is gone). */
  void closeResponseTimer() {
    responseTimer.cancel();
  }

  /** The upstream connection closed while forwarding. */
  void onUpstreamClosed() {
    Channel up = upstream;
    upstream = null;
    if (up != null) {
      conn.server.releaseUpstream(loop(), upstreamUri, up, false, conn.state);
    }
    if (!conn.responseStarted) {
      if (pooled && attempts == 1 && conn.requestDone && isBodyless()) {
        retryFresh();
        return;
      }
      conn.keepAlive = false;
      upstreamFailed(502, "upstream_closed");
    } else {
      conn.keepAlive = false;
      audit.recordThen(() -> conn.ctx.close(), () -> conn.ctx.close());
    }
  }

  private boolean isBodyless() {
    return !HttpUtil.isTransferEncodingChunked(upstreamHead)
        && HttpUtil.getContentLength(upstreamHead, 0L) == 0;
  }

  private void retryOrFail() {
    if (pooled && attempts == 1 && isBodyless()) {
      dropUpstream();
      retryFresh();
    } else {
      conn.keepAlive = false;
      upstreamFailed(502, "upstream_unreachable");
    }
  }

  private void retryFresh() {
    attempts++;
    pooled = false;
    cancelResponseTimer();
    RequestContext mine = conn.rc;
    conn.server
        .pool(loop())
        .connectFresh(upstreamUri, connectMs())
        .addListener(
            (Future<Channel> cf) -> {
              if (gone(mine, cf)) {
                return;
              }
              if (!cf.isSuccess()) {
                upstreamFailed(502, "upstream_unreachable");
              } else {
                attach(cf.getNow());
              }
            });
  }

  private void upstreamFailed(int code, String why) {
    cancelResponseTimer();
    conn.verdict = conn.verdict.withExtra("upstream_error", why);
    if (!conn.requestDone) {
      conn.keepAlive = false;
    }
    local.local(
        conn.verdict,
        Responses.error(
            code, code == 504 ? "upstream_timeout" : "bad_gateway", conn.rc.requestId()));
  }

  /** The upstream's answer could not be read before its head was relayed: 502, not reused. */
  void failUpstream(String why) {
    dropUpstream();
    conn.keepAlive = false;
    conn.verdict = conn.verdict.withExtra("problem", why);
    upstreamFailed(502, "bad_upstream_response");
  }

  /** A write failed mid-exchange: drops the upstream, records, and closes the client. */
  void abort() {
    dropUpstream();
    conn.keepAlive = false;
    conn.endCount();
    audit.recordThen(() -> conn.ctx.close(), () -> conn.ctx.close());
  }

  /** Stops listening to the upstream connection and gives it back as not reusable (closed). */
  private void dropUpstream() {
    Channel up = upstream;
    upstream = null;
    if (up != null) {
      up.pipeline().get(UpstreamHandler.class).own(null);
      conn.server.releaseUpstream(loop(), upstreamUri, up, false, conn.state);
    }
  }

  /**
   * After the end of the response: the connection goes back to the pool if {@code reusable} and it
   * came from the pool, else it is closed.
   */
  void releaseAfterResponse(boolean reusable) {
    Channel up = upstream;
    boolean back = reusable && pooled;
    upstream = null;
    up.pipeline().get(UpstreamHandler.class).own(null);
    conn.server.releaseUpstream(loop(), upstreamUri, up, back, conn.state);
  }

  /** The client is gone: a spliced upstream is closed, any other given back as not reusable. */
  void onClientClosed() {
    Channel up = upstream;
    upstream = null;
    if (up != null) {
      up.pipeline().get(UpstreamHandler.class).own(null);
      if (conn.phase == Phase.UPGRADED) {
        up.close();
      } else {
        conn.server.releaseUpstream(loop(), upstreamUri, up, false, conn.state);
      }
    }
  }
}
