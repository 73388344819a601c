package dev.drawbridge.gateway;

import dev.drawbridge.config.HostPort;
import dev.drawbridge.config.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: a Netty server that routes, decides, records and proxies. Start with {@link
 * #start}, swap state with {@link #update} (reload), stop with {@link #drain} (graceful) or {@link
 * #close}.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  private final AtomicReference<GatewayState> state;
  private final Clock clock;
  private final SslContext ssl;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final Class<? extends Channel> channelClass;
  private final int eventLoops;
  private final String transportName;
  private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LiveExchanges live = new LiveExchanges();
  private volatile boolean draining;
  private Channel serverChannel;

  /**
   * @param ssl a server TLS context (with client auth set for device certificates), or null
   * @param threads event loop threads; 0 means {@link #defaultEventLoops()}
   */
  public GatewayServer(GatewayState initial, Clock clock, SslContext ssl, int threads) {
    this.state = new AtomicReference<>(initial);
    this.clock = clock;
    this.ssl = ssl;
    int n = threads > 0 ? threads : defaultEventLoops();
    Transport t = Transport.pick();
    transportName = t.name();
    serverChannelClass = t.serverChannel();
    channelClass = t.channel();
    eventLoops = n;
    boss = new MultiThreadIoEventLoopGroup(1, t.factory());
    workers = new MultiThreadIoEventLoopGroup(n, t.factory());
  }

  /**
   * One event loop per core but one, at least one: the audit writer, detection, GC and the kernel's
   * network work need a core too. Measured on 2 shared cores with wrk and nginx beside it
   * (bench/gateway-bench.sh): 1 loop served 20-27k req/s at 28-36 µs CPU per request and a p99 of
   * 8-9 ms; 2 loops 15-18k req/s at 51-54 µs and a p99 of 20-40 ms.
   */
  public static int defaultEventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /** Binds {@code listen}; port 0 picks a free port ({@link #port()} tells which). */
  public GatewayServer start(HostPort listen) throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(serverChannelClass)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                    }
                    ServerConfig.Timeouts t = state.get().timeouts();
                    ch.pipeline().addLast(new StrictRequestDecoder(t.maxHeaderBytes()));
                    ch.pipeline().addLast(new HttpResponseEncoder());
                    ch.pipeline().addLast(new FrontendHandler(GatewayServer.this));
                  }
                });
    serverChannel = b.bind(listen.host(), listen.port()).sync().channel();
    LOG.info(
        "data plane listening on {} ({} transport, {} event loops)",
        serverChannel.localAddress(),
        transportName(),
        eventLoops);
    return this;
  }

  /** "io_uring", "epoll" or "nio": the socket transport in use. */
  public String transportName() {
    return transportName;
  }

  public int eventLoops() {
    return eventLoops;
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public GatewayState state() {
    return state.get();
  }

  /** Swaps in a new state (config reload); requests in flight finish with the old one. */
  public void update(GatewayState next) {
    state.set(next);
  }

  Clock clock() {
    return clock;
  }

  Logger log() {
    return LOG;
  }

  boolean draining() {
    return draining;
  }

  /** The socket channel class of the transport in use (for a TCP tunnel's upstream). */
  Class<? extends Channel> channelClass() {
    return channelClass;
  }

  UpstreamPool pool(EventLoop loop) {
    return pools.computeIfAbsent(loop, l -> new UpstreamPool(l, channelClass));
  }

  void releaseUpstream(EventLoop loop, URI upstream, Channel ch, boolean reusable, GatewayState s) {
    pool(loop)
        .release(
            upstream,
            ch,
            reusable,
            s.timeouts().upstreamPoolSize(),
            (int) s.timeouts().upstreamConnect().toMillis());
  }

  void connectionOpened(Channel ch) {
    connections.add(ch);
  }

  void connectionClosed(Channel ch) {
    connections.remove(ch);
  }

  void exchangeStarted() {
    inFlight.incrementAndGet();
  }

  void exchangeEnded() {
    inFlight.decrementAndGet();
  }

  /** What is flowing, by principal and credential: the control plane's {@code Containment}. */
  public LiveExchanges live() {
    return live;
  }

  /** Client connections open right now. */
  public int openConnections() {
    return connections.size();
  }

  /** Requests being proxied right now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Stops accepting, lets requests in flight finish (up to {@code timeout}), closes idle keep-alive
   * connections, then stops.
   */
  public void drain(Duration timeout) {
    draining = true;
    if (serverChannel != null) {
      serverChannel.close().syncUninterruptibly();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && inFlight.get() > 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
  }

  // ---- completions from the audit writer ----

  private static final Runnable WAKE = () -> {};
  private volatile boolean lazyWake;
  private final AtomicBoolean lazyPending = new AtomicBoolean();

  /**
   * From now on, continuations that another thread hands to an event loop after a successful record
   * are queued without waking the loop, and {@link #wakeLoops()} wakes them; the caller must call
   * it after every batch of completions (the audit writer does, after each batch). A batch of 30
   * strict-mode completions otherwise wakes a sleeping loop several times.
   */
  public void wakeLoopsAfterBatches() {
    lazyWake = true;
  }

  /** Wakes the event loops if completions were queued for them since the last call. */
  public void wakeLoops() {
    if (lazyPending.getAndSet(false)) {
      for (EventExecutor e : workers) {
        e.execute(WAKE);
      }
    }
  }

  /** Runs {@code r} on {@code loop}: queued without a wake-up when {@link #wakeLoops} follows. */
  void completeOn(EventExecutor loop, Runnable r) {
    if (lazyWake && loop instanceof SingleThreadEventExecutor st) {
      st.lazyExecute(r);
      lazyPending.set(true);
    } else {
      loop.execute(r);
    }
  }

  @Override
  public void close() {
    draining = true;
    if (serverChannel != null) {
      serverChannel.close();
    }
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
