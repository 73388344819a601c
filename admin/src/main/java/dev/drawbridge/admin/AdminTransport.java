package dev.drawbridge.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.drawbridge.config.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The admin listener's server stack, hardened like the data plane's (Netty, one event loop): a
 * request is handed to the handler only once it has been read completely, so an idle or slow client
 * holds a socket, never a worker thread; the request head and body must arrive within {@link
 * Limits#requestRead()} of the connection opening or of its first byte, and a keep-alive connection
 * idle longer than {@link Limits#idle()} is closed; at most {@link Limits#maxConnections()} are
 * open at once (more are closed at once); the handlers run on a small bounded pool, and a full pool
 * answers 503 with {@code Retry-After} instead of queueing without end.
 */
final class AdminTransport implements AutoCloseable {
  /** The listener's limits; {@link #DEFAULTS} in production. */
  record Limits(
      Duration requestRead,
      Duration idle,
      int maxConnections,
      int maxHeaderBytes,
      int maxBodyBytes,
      int threads,
      int queue) {
    static final Limits DEFAULTS =
        new Limits(
            Duration.ofSeconds(10), Duration.ofSeconds(60), 256, 16 * 1024, Call.MAX_BODY, 4, 64);
  }

  private final EventLoopGroup loops;
  private final ThreadPoolExecutor pool;
  private final Channel server;

  private AdminTransport(EventLoopGroup loops, ThreadPoolExecutor pool, Channel server) {
    this.loops = loops;
    this.pool = pool;
    this.server = server;
  }

  /**
   * Binds {@code listen} and serves each complete request with {@code handler} on a pool thread.
   * Throws {@link UncheckedIOException} naming {@code server.admin_listen} when the address cannot
   * be bound.
   */
  static AdminTransport start(HostPort listen, Limits limits, Consumer<HttpExchange> handler) {
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            limits.threads(),
            limits.threads(),
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(limits.queue()),
            r -> {
              Thread t = new Thread(r, "drawbridge-admin-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    AtomicInteger open = new AtomicInteger();
    try {
      Channel ch =
          new ServerBootstrap()
              .group(loops)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 128)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(new AdminConnection.Initializer(limits, pool, handler, open))
              .bind(listen.host(), listen.port())
              .syncUninterruptibly()
              .channel();
      return new AdminTransport(loops, pool, ch);
    } catch (RuntimeException e) {
      loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      pool.shutdownNow();
      throw bindFailure(listen, e);
    }
  }

  private static UncheckedIOException bindFailure(HostPort listen, Exception e) {
    Throwable c = e;
    boolean inUse = false;
    while (c != null) {
      inUse |= c instanceof BindException && String.valueOf(c.getMessage()).contains("in use");
      c = c.getCause();
    }
    String why =
        inUse
            ? " is in use (another process listens there); choose another port"
            : " cannot be listened on: " + e.getMessage();
    return new UncheckedIOException(
        "server.admin_listen: " + listen + why, new java.io.IOException(e.getMessage(), e));
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
