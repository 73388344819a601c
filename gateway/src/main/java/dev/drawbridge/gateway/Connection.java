package dev.drawbridge.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * The state of one client connection that the classes serving it share: the channel and what is
 * known of its peer, the messages read ahead while the exchange could not take them, the phase, the
 * idle timer, and the facts of the exchange in flight (its context, verdict, framing, progress and
 * what was sent). Each class that serves the connection ({@link FrontendHandler}, {@link
 * Admission}, {@link LocalAnswers}, {@link ReservedRequests}, {@link UpstreamLeg}, {@link
 * ResponseRelay}, {@link UpgradeTunnel}, {@link AuditGate}) keeps its own state besides. Event-loop
 * confined, like all of them.
 */
final class Connection {
  /** What the connection does with its current request. */
  enum Phase {
    IDLE,
    FORWARDING,
    LOCAL,
    RESERVED,
    /** The upstream answered 101; the client gets it once the event is recorded. */
    UPGRADING,
    UPGRADED
  }

  final GatewayServer server;
  final ChannelHandlerContext ctx;

  /** Messages read while the exchange could not take them yet; dispatched in order later. */
  final ArrayDeque<Object> queued = new ArrayDeque<>();

  private final LazyTimer idleTimer;
  SslHandler ssl;
  InetSocketAddress peer;
  String peerText;

  Phase phase = Phase.IDLE;

  /** The gateway state the exchange in flight runs with (a reload does not change it). */
  GatewayState state;

  RequestContext rc;
  Verdict verdict;
  boolean keepAlive;
  boolean http11 = true;
  boolean requestDone;
  boolean responseStarted;
  boolean recorded;
  int status;
  long bytesOut;
  private boolean counted;

  /** This connection's entry in {@link LiveExchanges}, while it carries a principal's traffic. */
  LiveConnection live;

  Connection(GatewayServer server, ChannelHandlerContext ctx) {
    this.server = server;
    this.ctx = ctx;
    this.idleTimer = new LazyTimer(ctx.executor(), ctx::close);
  }

  /** Takes the peer's address and the TLS handler, once the channel is active. */
  void activate() {
    this.ssl = ctx.pipeline().get(SslHandler.class);
    this.peer = (InetSocketAddress) ctx.channel().remoteAddress();
    this.peerText = ClientAddress.text(peer.getAddress());
  }

  void armIdle(long millis) {
    idleTimer.arm(millis);
  }

  void cancelIdle() {
    idleTimer.disarm();
  }

  /** Disarms the idle timer and removes its queued task (the connection is gone). */
  void closeIdleTimer() {
    idleTimer.cancel();
  }

  /** Clears the facts of the previous exchange (a new request head arrived). */
  void resetExchange() {
    verdict = null;
    requestDone = false;
    responseStarted = false;
    recorded = false;
    status = 0;
    bytesOut = 0;
  }

  /** The exchange holds up a drain until {@link #endCount} (it is being proxied). */
  void startCount() {
    server.exchangeStarted();
    counted = true;
  }

  /** The exchange no longer holds up a drain: its response is written (or it is gone). */
  void endCount() {
    if (counted) {
      counted = false;
      server.exchangeEnded();
    }
  }

  /** Runs {@code r} on the connection's event loop: now if already there. */
  void onLoop(Runnable r) {
    if (ctx.executor().inEventLoop()) {
      r.run();
    } else {
      ctx.executor().execute(r);
    }
  }
}
