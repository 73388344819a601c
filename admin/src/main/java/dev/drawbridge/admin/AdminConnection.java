package dev.drawbridge.admin;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One admin client connection, on its event loop: counts itself against the connection limit,
 * enforces the read deadlines ({@link AdminTransport.Limits}), and serves its requests one at a
 * time, in order (pipelined requests wait their turn), each on the pool once it is complete.
 */
final class AdminConnection extends ChannelInboundHandlerAdapter {
  private enum State {
    READING,
    HANDLING,
    IDLE
  }

  /** Builds each accepted connection's pipeline. */
  static final class Initializer extends ChannelInitializer<SocketChannel> {
    private final AdminTransport.Limits limits;
    private final Executor pool;
    private final Consumer<HttpExchange> handler;
    private final AtomicInteger open;

    Initializer(
        AdminTransport.Limits limits,
        Executor pool,
        Consumer<HttpExchange> handler,
        AtomicInteger open) {
      this.limits = limits;
      this.pool = pool;
      this.handler = handler;
      this.open = open;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
      AdminConnection c = new AdminConnection(limits, pool, handler, open);
      ch.pipeline()
          .addLast("bytes", c.firstBytes)
          .addLast("http", new HttpServerCodec(8192, limits.maxHeaderBytes(), 8192))
          .addLast("aggregate", new HttpObjectAggregator(limits.maxBodyBytes()))
          .addLast("admin", c);
    }
  }

  private final AdminTransport.Limits limits;
  private final Executor pool;
  private final Consumer<HttpExchange> handler;
  private final AtomicInteger open;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean counted;
  private State state = State.READING;
  private ScheduledFuture<?> deadline;

  /**
   * Sees the raw bytes first: the first byte of a request after an idle spell arms its deadline.
   */
  private final ChannelInboundHandlerAdapter firstBytes =
      new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (state == State.IDLE) {
            state = State.READING;
            arm(ctx, limits.requestRead());
          }
          ctx.fireChannelRead(msg);
        }
      };

  private AdminConnection(
      AdminTransport.Limits limits,
      Executor pool,
      Consumer<HttpExchange> handler,
      AtomicInteger open) {
    this.limits = limits;
    this.pool = pool;
    this.handler = handler;
    this.open = open;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    counted = true;
    if (open.incrementAndGet() > limits.maxConnections()) {
      ctx.close(); // over the limit: refused before it costs anything
      return;
    }
    arm(ctx, limits.requestRead());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (counted) {
      counted = false;
      open.decrementAndGet();
    }
    disarm();
    waiting.forEach(FullHttpRequest::release);
    waiting.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (req.decoderResult().isFailure()) {
      req.release();
      reject(
          ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "the request is not valid HTTP/1.1");
      return;
    }
    if (state == State.HANDLING || !waiting.isEmpty()) {
      waiting.add(req); // pipelined: answered in order, after the one being handled
      return;
    }
    dispatch(ctx, req);
  }

  private void dispatch(ChannelHandlerContext ctx, FullHttpRequest req) {
    disarm();
    state = State.HANDLING;
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    boolean head = req.method().equals(HttpMethod.HEAD);
    BufferedExchange ex;
    try {
      ex =
          exchange(
              ctx,
              req,
              r -> ctx.channel().eventLoop().execute(() -> respond(ctx, r, keepAlive, head)));
    } catch (URISyntaxException e) {
      reject(
          ctx,
          HttpResponseStatus.BAD_REQUEST,
          "bad_request",
          "the request target is not a valid URI");
      return;
    } finally {
      req.release();
    }
    try {
      pool.execute(
          () -> {
            try {
              handler.accept(ex);
            } finally {
              ex.close();
            }
          });
    } catch (RejectedExecutionException e) {
      FullHttpResponse busy =
          text(
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              "busy",
              "the admin API is busy; nothing was done; retry in a second");
      busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
      ctx.writeAndFlush(busy).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static BufferedExchange exchange(
      ChannelHandlerContext ctx, FullHttpRequest req, Consumer<BufferedExchange.Response> done)
      throws URISyntaxException {
    Headers headers = new Headers();
    for (Map.Entry<String, String> h : req.headers()) {
      headers.add(h.getKey(), h.getValue());
    }
    return new BufferedExchange(
        req.method().name(),
        new URI(req.uri()),
        req.protocolVersion().text(),
        headers,
        ByteBufUtil.getBytes(req.content()),
        (InetSocketAddress) ctx.channel().remoteAddress(),
        (InetSocketAddress) ctx.channel().localAddress(),
        done);
  }

  private void respond(
      ChannelHandlerContext ctx, BufferedExchange.Response r, boolean keepAlive, boolean head) {
    if (!ctx.channel().isActive()) {
      return;
    }
    ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
    FullHttpResponse res =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), body);
    for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
      res.headers().add(h.getKey(), h.getValue());
    }
    if (!head && r.status() != 204 && r.status() != 304) {
      res.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
    }
    if (!keepAlive) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.writeAndFlush(res);
    FullHttpRequest next = waiting.poll();
    if (next != null) {
      dispatch(ctx, next);
      return;
    }
    state = State.IDLE;
    arm(ctx, limits.idle());
  }

  private void reject(
      ChannelHandlerContext ctx, HttpResponseStatus status, String error, String message) {
    disarm();
    ctx.writeAndFlush(text(status, error, message)).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse text(HttpResponseStatus status, String error, String message) {
    byte[] b =
        ("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(b));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, b.length);
    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }

  /** Closes the connection unless a complete request arrives within {@code d}. */
  private void arm(ChannelHandlerContext ctx, Duration d) {
    disarm();
    deadline = ctx.executor().schedule(() -> ctx.close(), d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
