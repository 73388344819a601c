package dev.drawbridge.gateway;

import dev.drawbridge.config.ApplicationConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * One client connection: parses, normalizes, routes, decides, records and proxies its requests one
 * at a time. AUTO_READ is off: the next chunk is read only after the previous one was written
 * (back-pressure both ways). Everything runs on the connection's event loop.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter
    implements UpstreamHandler.Exchange {
  private static final int MAX_RESERVED_BODY = 1 << 20;

  private enum Phase {
    IDLE,
    FORWARDING,
    LOCAL,
    RESERVED,
    UPGRADED
  }

  private final GatewayServer server;
  private ChannelHandlerContext ctx;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private LazyTimer idleTimer;
  private Boolean deviceManaged;
  private SslHandler ssl;
  private InetSocketAddress peer;
  private String peerText;

  private Phase phase = Phase.IDLE;
  private GatewayState state;
  private RequestContext rc;
  private Verdict verdict;
  private boolean keepAlive;
  private boolean http11 = true;
  private boolean requestDone;
  private boolean responseStarted;
  private boolean informational;
  private boolean upstreamReusable;
  private boolean recorded;
  private boolean websocket;

  /** A git protocol-v2 upload-pack POST whose first body bytes name its command. */
  private boolean peekGitCommand;

  private int status;
  private long bytesOut;
  private Channel upstream;
  private URI upstreamUri;
  private HttpRequest upstreamHead;
  private boolean pooled;
  private int attempts;
  private LazyTimer responseTimer;
  private HttpRequest reservedHead;
  private CompositeByteBuf reservedBody;

  FrontendHandler(GatewayServer server) {
    this.server = server;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.ssl = ctx.pipeline().get(SslHandler.class);
    this.peer = (InetSocketAddress) ctx.channel().remoteAddress();
    this.peerText = ClientAddress.text(peer.getAddress());
    server.connectionOpened(ctx.channel());
    armIdle(server.state().timeouts().headerRead().toMillis());
    ctx.read();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.idleTimer = new LazyTimer(ctx.executor(), ctx::close);
    this.responseTimer = new LazyTimer(ctx.executor(), this::responseTimeout);
  }

  private void armIdle(long millis) {
    idleTimer.arm(millis);
  }

  private void cancelIdle() {
    idleTimer.disarm();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (lingering) {
      ReferenceCountUtil.release(msg);
      ctx.read();
      return;
    }
    if (phase == Phase.UPGRADED) {
      relayToUpstream(msg);
      return;
    }
    if (phase != Phase.IDLE && (requestDone || (upstream == null && phase == Phase.FORWARDING))) {
      queued.add(msg);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      if (phase != Phase.IDLE) {
        ReferenceCountUtil.release(msg);
        ctx.close();
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
    cancelIdle();
    state = server.state();
    resetExchange();
    String id = RequestIds.next();
    long startNanos = System.nanoTime();
    long startMillis = server.clock().millis();
    String method = req.method().name();
    keepAlive = HttpUtil.isKeepAlive(req) && !server.draining();
    http11 = req.protocolVersion().minorVersion() >= 1;
    boolean hasBody = HttpUtil.isTransferEncodingChunked(req) || RequestHead.contentLength(req) > 0;

    RequestHead head = RequestHead.parse(req);
    String problem = head.problem();
    String host = head.host();
    String path = head.path();
    String query = head.query();
    String rawPath = head.rawPath();
    if (problem == null && sniMismatch(host)) {
      problem = "Host does not match TLS server name";
    }
    java.net.InetAddress clientIp =
        state.clientAddress().resolve(peer.getAddress(), req.headers().get("x-forwarded-for"));
    ApplicationConfig app = problem == null ? state.router().route(host) : null;
    rc =
        new RequestContext(
            id,
            startNanos,
            startMillis,
            app,
            host,
            method,
            path != null ? path : RequestHead.truncate(rawPath),
            query,
            req.headers(),
            clientIp,
            clientIp == peer.getAddress() ? peerText : ClientAddress.text(clientIp),
            ssl != null,
            isDeviceManaged(),
            req.headers().get(HttpHeaderNames.USER_AGENT));
    if (problem != null) {
      keepAlive = false;
      local(Verdict.deny("bad_request"), Responses.error(400, "bad_request", id));
      return;
    }
    if (path.startsWith("/.drawbridge/")) {
      onReserved(req, hasBody);
      return;
    }
    if (app == null) {
      if (hasBody) {
        keepAlive = false;
      }
      local(Verdict.deny("unknown_host"), Responses.error(404, "not_found", id));
      return;
    }
    Verdict v;
    try {
      v = state.decider().decide(rc);
    } catch (RuntimeException e) {
      server.log().warn("decision failed for request {}", id, e);
      v = Verdict.deny("internal_error");
    }
    if (v.forwards() && !state.recorder().available()) {
      v = withKind(v, Verdict.Kind.UNAVAILABLE, "audit_unavailable");
    }
    verdict = v;
    if (v.forwards()) {
      forward(req);
      return;
    }
    if (hasBody) {
      keepAlive = false;
    }
    switch (v.kind()) {
      case UNAUTHENTICATED ->
          local(v, rc.isBrowser() ? Responses.redirect(loginUrl()) : Responses.unauthenticated(id));
      case REDIRECT -> local(v, Responses.redirect(v.redirectLocation()));
      case UNAVAILABLE -> local(v, Responses.error(503, "unavailable", id));
      default -> local(v, Responses.error(403, "access_denied", id));
    }
  }

  private static Verdict withKind(Verdict v, Verdict.Kind kind, String reason) {
    return new Verdict(
        kind,
        reason,
        v.policy(),
        v.principal(),
        v.resource(),
        v.action(),
        v.extra(),
        Map.of(),
        v.stripAuthorization(),
        null);
  }

  private String loginUrl() {
    String scheme = rc.tls() ? "https" : "http";
    String rd = scheme + "://" + rc.headers().get(HttpHeaderNames.HOST) + rc.uri();
    return "/.drawbridge/login?rd="
        + java.net.URLEncoder.encode(rd, java.nio.charset.StandardCharsets.UTF_8);
  }

  private boolean sniMismatch(String host) {
    if (ssl == null) {
      return false;
    }
    SSLSession s = ssl.engine().getSession();
    if (s instanceof ExtendedSSLSession ext) {
      for (SNIServerName n : ext.getRequestedServerNames()) {
        if (n instanceof SNIHostName h && !h.getAsciiName().equalsIgnoreCase(host)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isDeviceManaged() {
    if (deviceManaged == null) {
      boolean managed = false;
      if (ssl != null) {
        try {
          managed = ssl.engine().getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
          managed = false;
        }
      }
      deviceManaged = managed;
    }
    return deviceManaged;
  }

  // ---- local answers (denials, errors, reserved paths) ----

  private void local(Verdict v, FullHttpResponse response) {
    phase = Phase.LOCAL;
    verdict = v;
    status = response.status().code();
    bytesOut = response.content().readableBytes();
    recordThen(
        () -> writeLocal(response),
        () -> {
          response.release();
          keepAlive = false;
          writeLocal(Responses.error(503, "unavailable", rc.requestId()));
        });
  }

  private void writeLocal(FullHttpResponse response) {
    response.headers().set(Responses.REQUEST_ID, rc.requestId());
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    boolean close = !keepAlive;
    ctx.writeAndFlush(response)
        .addListener(
            f -> {
              endCount();
              if (!f.isSuccess()) {
                ctx.close();
              } else if (close) {
                lingeringClose();
              } else {
                localDone = true;
                maybeNext();
              }
            });
  }

  private boolean localDone;
  private boolean counted;

  /** The exchange no longer holds up a drain: its response is written (or it is gone). */
  private void endCount() {
    if (counted) {
      counted = false;
      server.exchangeEnded();
    }
  }

  private boolean lingering;

  /**
   * Half-closes after an error answer and discards what the client still sends for a moment, so
   * that unread request bytes don't turn the close into a reset that destroys the answer.
   */
  private void lingeringClose() {
    if (!(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel dc)) {
      ctx.close();
      return;
    }
    lingering = true;
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
    dc.shutdownOutput();
    armIdle(2000);
    ctx.read();
  }

  private void maybeNext() {
    if (phase == Phase.LOCAL && localDone && requestDone) {
      toIdle();
    }
  }

  private void onReserved(HttpRequest req, boolean hasBody) {
    if (rc.path().equals("/.drawbridge/health")) {
      phase = Phase.LOCAL;
      FullHttpResponse r = Responses.json(200, "{\"status\":\"ok\"}");
      verdict = null;
      recorded = true;
      writeLocal(r);
      return;
    }
    phase = Phase.RESERVED;
    reservedHead = req;
    reservedBody = ctx.alloc().compositeBuffer();
    if (hasBody) {
      ctx.read();
    }
  }

  private void onReservedComplete() {
    DefaultFullHttpRequest full =
        new DefaultFullHttpRequest(
            reservedHead.protocolVersion(),
            reservedHead.method(),
            reservedHead.uri(),
            reservedBody,
            reservedHead.headers(),
            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    reservedBody = null;
    java.util.concurrent.CompletableFuture<FullHttpResponse> f;
    try {
      f = state.reserved().handle(rc, full);
    } catch (RuntimeException e) {
      server.log().warn("reserved endpoint failed for request {}", rc.requestId(), e);
      f = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    if (f == null) {
      full.release();
      phase = Phase.LOCAL;
      recorded = true;
      writeLocal(Responses.error(404, "not_found", rc.requestId()));
      return;
    }
    RequestContext mine = rc;
    f.whenComplete(
        (resp, err) ->
            onLoop(
                () -> {
                  full.release();
                  if (rc != mine) {
                    if (resp != null) {
                      resp.release();
                    }
                    return;
                  }
                  phase = Phase.LOCAL;
                  recorded = true;
                  if (err != null || resp == null) {
                    server.log().warn("reserved endpoint failed for {}", mine.requestId(), err);
                    writeLocal(Responses.error(500, "internal_error", mine.requestId()));
                  } else {
                    writeLocal(resp);
                  }
                }));
  }

  // ---- forwarding ----

  private void forward(HttpRequest req) {
    phase = Phase.FORWARDING;
    server.exchangeStarted();
    counted = true;
    upstreamUri = rc.app().upstream();
    websocket = UpstreamRequests.isWebSocket(req);
    peekGitCommand = GitRequests.isV2UploadPack(req, rc.path(), verdict);
    upstreamHead = UpstreamRequests.build(req, rc, verdict, websocket, peer, state.clientAddress());
    var t = state.timeouts();
    Future<Channel> f =
        websocket
            ? server.pool(ctx.channel().eventLoop()).connectFresh(upstreamUri, connectMs())
            : server
                .pool(ctx.channel().eventLoop())
                .acquire(upstreamUri, t.upstreamPoolSize(), connectMs());
    pooled = !websocket;
    attempts = 1;
    RequestContext mine = rc;
    f.addListener(
        (Future<Channel> cf) -> {
          if (rc != mine) {
            if (cf.isSuccess()) {
              cf.getNow().close();
            }
            return;
          }
          if (!cf.isSuccess()) {
            upstreamFailed(502, "upstream_unreachable");
            return;
          }
          attach(cf.getNow());
        });
  }

  private int connectMs() {
    return (int) state.timeouts().upstreamConnect().toMillis();
  }

  private void attach(Channel ch) {
    upstream = ch;
    ch.pipeline().get(UpstreamHandler.class).own(this);
    RequestContext mine = rc;
    ch.writeAndFlush(upstreamHead)
        .addListener(
            w -> {
              if (rc != mine) {
                return;
              }
              if (!w.isSuccess()) {
                retryOrFail();
                return;
              }
              responseTimer.arm(state.timeouts().upstreamResponse().toMillis());
              ch.read();
              drainQueued();
              if (!requestDone && queued.isEmpty() && phase == Phase.FORWARDING) {
                ctx.read();
              }
            });
  }

  private void drainQueued() {
    while (!queued.isEmpty() && !requestDone && phase == Phase.FORWARDING) {
      dispatch(queued.poll());
    }
  }

  private void onContent(HttpContent c) {
    boolean last = c instanceof LastHttpContent;
    switch (phase) {
      case FORWARDING -> {
        if (last) {
          requestDone = true;
        }
        if (peekGitCommand) {
          peekGitCommand = false;
          if (GitRequests.isLsRefs(c.content())) {
            verdict = verdict.withAction(GitRequests.VIEW); // a ref listing, not a download
          }
        }
        RequestContext mine = rc;
        upstream
            .writeAndFlush(c)
            .addListener(
                w -> {
                  if (rc != mine) {
                    return;
                  }
                  if (!w.isSuccess()) {
                    abort();
                  } else if (!last) {
                    ctx.read();
                  }
                });
      }
      case RESERVED -> {
        if (reservedBody.readableBytes() + c.content().readableBytes() > MAX_RESERVED_BODY) {
          c.release();
          reservedBody.release();
          reservedBody = null;
          keepAlive = false;
          requestDone = true;
          phase = Phase.LOCAL;
          recorded = true;
          writeLocal(Responses.error(413, "too_large", rc.requestId()));
          return;
        }
        reservedBody.addComponent(true, c.content().retain());
        c.release();
        if (last) {
          requestDone = true;
          onReservedComplete();
        } else {
          ctx.read();
        }
      }
      case LOCAL -> {
        c.release();
        if (last) {
          requestDone = true;
          maybeNext();
        } else if (keepAlive) {
          ctx.read();
        }
      }
      default -> c.release();
    }
  }

  // ---- upstream side ----

  @Override
  public void onUpstreamMessage(Object msg) {
    if (phase == Phase.UPGRADED) {
      if (!(msg instanceof ByteBuf b)) {
        // the HTTP codec's end-of-response marker for the 101: nothing to relay
        ReferenceCountUtil.release(msg);
        upstream.read();
        return;
      }
      bytesOut += b.readableBytes();
      ctx.writeAndFlush(msg)
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  upstream.read();
                } else {
                  upstream.close();
                }
              });
      return;
    }
    if (phase != Phase.FORWARDING) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse resp) {
      onResponseHead(resp);
      if (phase == Phase.UPGRADED) {
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
        upstream.read();
        return;
      }
      bytesOut += c.content().readableBytes();
      if (c instanceof LastHttpContent last) {
        finishResponse(last);
      } else {
        ctx.writeAndFlush(c)
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    if (upstream != null) {
                      upstream.read();
                    }
                  } else {
                    abort();
                  }
                });
      }
    } else if (msg instanceof HttpResponse) {
      if (upstream != null) {
        upstream.read();
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponseHead(HttpResponse resp) {
    int code = resp.status().code();
    if (code == 101 && websocket) {
      cancelResponseTimer();
      status = 101;
      responseStarted = true;
      upgrade(resp);
      return;
    }
    HttpHeaders h = resp.headers();
    if (code >= 100 && code < 200) {
      informational = true;
      HopByHop.strip(h);
      ctx.writeAndFlush(resp);
      return;
    }
    cancelResponseTimer();
    responseStarted = true;
    status = code;
    upstreamReusable = HttpUtil.isKeepAlive(resp);
    boolean hasLength = h.contains(HttpHeaderNames.CONTENT_LENGTH);
    HopByHop.strip(h);
    boolean emptyBody = code == 204 || code == 304 || "HEAD".equals(rc.method());
    if (!hasLength && !emptyBody) {
      if (keepAlive && http11) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      } else {
        keepAlive = false;
      }
    }
    if (!keepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    h.set(Responses.REQUEST_ID, rc.requestId());
    ctx.write(resp);
  }

  private void finishResponse(LastHttpContent last) {
    RequestContext mine = rc;
    Channel up = upstream;
    boolean reusable = upstreamReusable && requestDone && pooled;
    upstream = null;
    up.pipeline().get(UpstreamHandler.class).own(null);
    server.releaseUpstream(ctx.channel().eventLoop(), upstreamUri, up, reusable, state);
    recordThen(
        () -> {
          boolean close = !keepAlive || !requestDone;
          ctx.writeAndFlush(last)
              .addListener(
                  f -> {
                    endCount();
                    if (close || !f.isSuccess()) {
                      ctx.close();
                    } else if (rc == mine) {
                      toIdle();
                    }
                  });
        },
        () -> {
          last.release();
          endCount();
          ctx.close();
        });
  }

  private void upgrade(HttpResponse resp) {
    HttpHeaders h = resp.headers();
    h.set(Responses.REQUEST_ID, rc.requestId());
    recordThen(
        () -> {
          phase = Phase.UPGRADED;
          endCount();
          ctx.writeAndFlush(resp)
              .addListener(
                  f -> {
                    if (!f.isSuccess()) {
                      ctx.close();
                      return;
                    }
                    ctx.pipeline().remove(StrictRequestDecoder.class);
                    ctx.pipeline().remove(io.netty.handler.codec.http.HttpResponseEncoder.class);
                    upstream.pipeline().remove("codec");
                    upstream.closeFuture().addListener(x -> ctx.close());
                    drainQueuedRaw();
                    upstream.read();
                    ctx.read();
                  });
        },
        () -> {
          ReferenceCountUtil.release(resp);
          ctx.close();
        });
  }

  private void drainQueuedRaw() {
    while (!queued.isEmpty()) {
      Object m = queued.poll();
      if (m instanceof ByteBuf) {
        relayToUpstream(m);
      } else {
        ReferenceCountUtil.release(m);
      }
    }
  }

  private void relayToUpstream(Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    upstream
        .writeAndFlush(msg)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                ctx.read();
              } else {
                ctx.close();
              }
            });
  }

  private void responseTimeout() {
    if (phase == Phase.FORWARDING && !responseStarted) {
      Channel up = upstream;
      upstream = null;
      if (up != null) {
        up.pipeline().get(UpstreamHandler.class).own(null);
        server.releaseUpstream(ctx.channel().eventLoop(), upstreamUri, up, false, state);
      }
      keepAlive = false;
      upstreamFailed(504, "upstream_timeout");
    }
  }

  private void cancelResponseTimer() {
    responseTimer.disarm();
  }

  @Override
  public void onUpstreamClosed() {
    if (phase == Phase.UPGRADED) {
      ctx.close();
      return;
    }
    if (phase != Phase.FORWARDING) {
      return;
    }
    Channel up = upstream;
    upstream = null;
    if (up != null) {
      server.releaseUpstream(ctx.channel().eventLoop(), upstreamUri, up, false, state);
    }
    if (!responseStarted) {
      if (pooled && attempts == 1 && requestDone && isBodyless()) {
        retryFresh();
        return;
      }
      keepAlive = false;
      upstreamFailed(502, "upstream_closed");
    } else {
      keepAlive = false;
      recordThen(() -> ctx.close(), () -> ctx.close());
    }
  }

  private boolean isBodyless() {
    return !HttpUtil.isTransferEncodingChunked(upstreamHead)
        && HttpUtil.getContentLength(upstreamHead, 0L) == 0;
  }

  private void retryOrFail() {
    if (pooled && attempts == 1 && isBodyless()) {
      Channel up = upstream;
      upstream = null;
      if (up != null) {
        up.pipeline().get(UpstreamHandler.class).own(null);
        server.releaseUpstream(ctx.channel().eventLoop(), upstreamUri, up, false, state);
      }
      retryFresh();
    } else {
      keepAlive = false;
      upstreamFailed(502, "upstream_unreachable");
    }
  }

  private void retryFresh() {
    attempts++;
    pooled = false;
    cancelResponseTimer();
    RequestContext mine = rc;
    server
        .pool(ctx.channel().eventLoop())
        .connectFresh(upstreamUri, connectMs())
        .addListener(
            (Future<Channel> cf) -> {
              if (rc != mine) {
                return;
              }
              if (!cf.isSuccess()) {
                upstreamFailed(502, "upstream_unreachable");
              } else {
                attach(cf.getNow());
              }
            });
  }

  @Override
  public void onUpstreamError(Throwable cause) {
    server
        .log()
        .debug(
            "upstream error for request {}: {}",
            rc == null ? "-" : rc.requestId(),
            cause.toString());
  }

  private void upstreamFailed(int code, String why) {
    cancelResponseTimer();
    Verdict v = verdict;
    Map<String, Object> extra = new java.util.HashMap<>(v.extra());
    extra.put("upstream_error", why);
    verdict =
        new Verdict(
            v.kind(),
            v.reason(),
            v.policy(),
            v.principal(),
            v.resource(),
            v.action(),
            extra,
            v.upstreamHeaders(),
            v.stripAuthorization(),
            null);
    if (!requestDone) {
      keepAlive = false;
    }
    local(
        verdict,
        Responses.error(code, code == 504 ? "upstream_timeout" : "bad_gateway", rc.requestId()));
  }

  private void abort() {
    Channel up = upstream;
    upstream = null;
    if (up != null) {
      up.pipeline().get(UpstreamHandler.class).own(null);
      server.releaseUpstream(ctx.channel().eventLoop(), upstreamUri, up, false, state);
    }
    keepAlive = false;
    endCount();
    recordThen(() -> ctx.close(), () -> ctx.close());
  }

  // ---- recording and lifecycle ----

  /** Records the event once, then runs {@code then} on the loop; {@code failed} if it can't. */
  private void recordThen(Runnable then, Runnable failed) {
    if (recorded || verdict == null) {
      then.run();
      return;
    }
    recorded = true;
    long durationMs = (System.nanoTime() - rc.startNanos()) / 1_000_000;
    java.util.concurrent.CompletableFuture<Void> f;
    try {
      f =
          state
              .recorder()
              .record(rc, verdict, new AccessRecorder.Outcome(status, bytesOut, durationMs));
    } catch (RuntimeException e) {
      f = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    if (f.isDone() && !f.isCompletedExceptionally()) {
      then.run();
      return;
    }
    f.whenComplete(
        (v, e) -> {
          if (e == null && !ctx.executor().inEventLoop()) {
            server.completeOn(ctx.executor(), then); // on the audit writer, after a write
          } else {
            onLoop(() -> (e == null ? then : failed).run());
          }
        });
  }

  private void onLoop(Runnable r) {
    if (ctx.executor().inEventLoop()) {
      r.run();
    } else {
      ctx.executor().execute(r);
    }
  }

  private void resetExchange() {
    verdict = null;
    requestDone = false;
    responseStarted = false;
    informational = false;
    upstreamReusable = false;
    recorded = false;
    websocket = false;
    peekGitCommand = false;
    localDone = false;
    status = 0;
    bytesOut = 0;
    upstream = null;
    upstreamHead = null;
    pooled = false;
    attempts = 0;
    cancelResponseTimer();
  }

  private void toIdle() {
    phase = Phase.IDLE;
    rc = null;
    if (server.draining()) {
      ctx.close();
      return;
    }
    armIdle(state.timeouts().idle().toMillis());
    while (phase == Phase.IDLE && !queued.isEmpty()) {
      dispatch(queued.poll());
    }
    if (phase == Phase.IDLE || (phase == Phase.FORWARDING && upstream != null && !requestDone)) {
      ctx.read();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    idleTimer.cancel();
    responseTimer.cancel();
    endCount();
    server.connectionClosed(ctx.channel());
    while (!queued.isEmpty()) {
      ReferenceCountUtil.release(queued.poll());
    }
    if (reservedBody != null) {
      reservedBody.release();
      reservedBody = null;
    }
    Channel up = upstream;
    upstream = null;
    if (up != null) {
      up.pipeline().get(UpstreamHandler.class).own(null);
      if (phase == Phase.UPGRADED) {
        up.close();
      } else {
        server.releaseUpstream(ctx.channel().eventLoop(), upstreamUri, up, false, state);
      }
    }
    if (rc != null && verdict != null && !recorded) {
      if (!responseStarted) {
        status = 499;
      }
      recordThen(() -> {}, () -> {});
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    server.log().debug("client connection error: {}", cause.toString());
    ctx.close();
  }
}
