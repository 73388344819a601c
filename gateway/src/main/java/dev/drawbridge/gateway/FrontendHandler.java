package dev.drawbridge.gateway;

import dev.drawbridge.gateway.Connection.Phase;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * One client connection: parses, normalizes, routes, decides, records and proxies its requests one
 * at a time. AUTO_READ is off: the next chunk is read only after the previous one was written
 * (back-pressure both ways). Everything runs on the connection's event loop.
 *
 * <p>This class is the client leg and wires the others: it takes the channel's events, holds back
 * what the client sends while the exchange cannot take it, hands a request head to {@link
 * Admission} and body parts to the class of the current phase ({@link UpstreamLeg}, {@link
 * ReservedRequests}, {@link LocalAnswers}; raw bytes after an upgrade to {@link UpgradeTunnel}),
 * routes the upstream connection's events ({@link ResponseRelay}, {@link UpgradeTunnel}, {@link
 * UpstreamLeg}), returns to idle for the next request, and cleans up when the client goes. The
 * state they share is in {@link Connection}.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter
    implements UpstreamHandler.Exchange {
  private final GatewayServer server;
  private Connection conn;
  private AuditGate audit;
  private LocalAnswers local;
  private ReservedRequests reserved;
  private UpstreamLeg leg;
  private UpgradeTunnel tunnel;
  private ResponseRelay relay;
  private Admission admission;

  FrontendHandler(GatewayServer server) {
    this.server = server;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    conn = new Connection(server, ctx);
    audit = new AuditGate(conn);
    local = new LocalAnswers(conn, audit, this::toIdle);
    reserved = new ReservedRequests(conn, local);
    leg = new UpstreamLeg(conn, local, audit, this, this::dispatch);
    tunnel = new UpgradeTunnel(conn, leg, audit);
    relay = new ResponseRelay(conn, leg, tunnel, audit, this::toIdle);
    admission = new Admission(conn, local, reserved, leg);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    conn.activate();
    server.connectionOpened(ctx.channel());
    conn.armIdle(server.state().timeouts().headerRead().toMillis());
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (local.lingering()) {
      ReferenceCountUtil.release(msg);
      ctx.read();
      return;
    }
    Phase phase = conn.phase;
    if (phase == Phase.UPGRADED) {
      tunnel.toUpstream(msg);
      return;
    }
    if (!conn.queued.isEmpty() || !accepting()) {
      conn.queued.add(msg); // in order: behind what is already waiting
      return;
    }
    dispatch(msg);
  }

  /**
   * True while the exchange in flight can take the next message the client sent: when idle (a new
   * head), or while its request is still arriving and has somewhere to go. Otherwise messages wait
   * in {@link Connection#queued}, in order, for {@link #drainQueued}.
   */
  private boolean accepting() {
    Phase phase = conn.phase;
    if (phase == Phase.IDLE) {
      return true;
    }
    return !conn.requestDone && !(leg.channel() == null && phase == Phase.FORWARDING);
  }

  /**
   * Hands waiting messages to the exchange while it takes them: pipelined requests are served in
   * order, whichever phase answers each (a local 401 between two forwarded requests included).
   */
  private void drainQueued() {
    while (!conn.queued.isEmpty() && accepting()) {
      dispatch(conn.queued.poll());
    }
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      if (conn.phase != Phase.IDLE) {
        ReferenceCountUtil.release(msg);
        conn.ctx.close();
        return;
      }
      onHead(req);
    }
    if (msg instanceof HttpContent c) {
      onContent(c);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHead(HttpRequest req) {
    conn.cancelIdle();
    conn.state = server.state();
    resetExchange();
    admission.onHead(req);
    server.live().track(conn);
  }

  private void onContent(HttpContent c) {
    switch (conn.phase) {
      case FORWARDING -> leg.onContent(c);
      case RESERVED -> reserved.onContent(c);
      case LOCAL -> local.onContent(c);
      default -> c.release();
    }
  }

  private void resetExchange() {
    conn.resetExchange();
    local.resetExchange();
    relay.resetExchange();
    leg.resetExchange();
  }

  private void toIdle() {
    conn.phase = Phase.IDLE;
    conn.rc = null;
    if (server.draining()) {
      conn.ctx.close();
      return;
    }
    conn.armIdle(conn.state.timeouts().idle().toMillis());
    drainQueued();
    Phase phase = conn.phase;
    if (conn.queued.isEmpty()
        && (phase == Phase.IDLE
            || (!conn.requestDone
                && ((phase == Phase.FORWARDING && leg.channel() != null)
                    || phase == Phase.LOCAL)))) {
      conn.ctx.read();
    }
  }

  // ---- events of the upstream connection this exchange owns ----

  @Override
  public void onUpstreamMessage(Object msg) {
    if (conn.phase == Phase.UPGRADED) {
      tunnel.fromUpstream(msg);
      return;
    }
    if (conn.phase == Phase.UPGRADING) {
      tunnel.hold(msg);
      return;
    }
    if (conn.phase != Phase.FORWARDING) {
      ReferenceCountUtil.release(msg);
      return;
    }
    relay.onUpstreamMessage(msg);
  }

  @Override
  public void onUpstreamClosed() {
    if (conn.phase == Phase.UPGRADED || conn.phase == Phase.UPGRADING) {
      conn.ctx.close();
      return;
    }
    if (conn.phase != Phase.FORWARDING) {
      return;
    }
    leg.onUpstreamClosed();
  }

  @Override
  public void onUpstreamError(Throwable cause) {
    RequestContext rc = conn.rc;
    server
        .log()
        .debug(
            "upstream error for request {}: {}",
            rc == null ? "-" : rc.requestId(),
            cause.toString());
  }

  // ---- the client is gone ----

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    conn.closeIdleTimer();
    leg.closeResponseTimer();
    conn.endCount();
    server.live().untrack(conn);
    server.connectionClosed(ctx.channel());
    while (!conn.queued.isEmpty()) {
      ReferenceCountUtil.release(conn.queued.poll());
    }
    reserved.release();
    tunnel.release();
    leg.onClientClosed();
    if (conn.rc != null && conn.verdict != null && !conn.recorded) {
      if (!conn.responseStarted) {
        conn.status = 499;
      }
      audit.recordThen(() -> {}, () -> {});
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    server.log().debug("client connection error: {}", cause.toString());
    ctx.close();
  }
}
