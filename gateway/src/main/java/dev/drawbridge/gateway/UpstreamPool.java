package dev.drawbridge.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Keep-alive connections to upstreams, one pool per event loop (so a connection is only ever
 * touched by the loop that owns it, and the backend channel shares the frontend's loop). Each
 * upstream has at most {@code maxPerLoop} connections per loop, idle or busy; callers over the
 * limit wait in a queue until one is released.
 */
final class UpstreamPool {
  /** Set on the connections the pool counts (not on {@link #connectFresh} ones). */
  private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("drawbridge.pooled");

  private final EventLoop loop;
  private final Class<? extends Channel> channelClass;
  private final Map<String, Slot> slots = new HashMap<>();
  private final Map<URI, String> keys = new HashMap<>();
  private volatile SslContext clientSsl;

  UpstreamPool(EventLoop loop, Class<? extends Channel> channelClass) {
    this.loop = loop;
    this.channelClass = channelClass;
  }

  private static final class Slot {
    final ArrayDeque<Channel> idle = new ArrayDeque<>();
    final ArrayDeque<Promise<Channel>> waiters = new ArrayDeque<>();
    int open;
  }

  /** Acquires a connection to {@code upstream}; must be called on the pool's loop. */
  Future<Channel> acquire(URI upstream, int maxPerLoop, int connectTimeoutMs) {
    String key = key(upstream);
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    Promise<Channel> p = loop.newPromise();
    Channel ch;
    while ((ch = slot.idle.pollFirst()) != null) {
      if (ch.isActive()) {
        p.setSuccess(ch);
        return p;
      }
      slot.open--;
    }
    if (slot.open >= maxPerLoop) {
      slot.waiters.add(p);
      return p;
    }
    connect(upstream, slot, p, connectTimeoutMs);
    return p;
  }

  /** A fresh connection that does not count against or return to the pool (retries, upgrades). */
  Future<Channel> connectFresh(URI upstream, int connectTimeoutMs) {
    Promise<Channel> p = loop.newPromise();
    connect(upstream, null, p, connectTimeoutMs);
    return p;
  }

  private void connect(URI upstream, Slot slot, Promise<Channel> p, int connectTimeoutMs) {
    if (slot != null) {
      slot.open++;
    }
    boolean https = "https".equalsIgnoreCase(upstream.getScheme());
    int port = upstream.getPort() > 0 ? upstream.getPort() : (https ? 443 : 80);
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(channelClass)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel c) throws SSLException {
                    if (https) {
                      c.pipeline()
                          .addLast(sslContext().newHandler(c.alloc(), upstream.getHost(), port));
                    }
                    c.pipeline().addLast("codec", new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
                    c.pipeline().addLast("upstream", new UpstreamHandler());
                  }
                });
    ChannelFuture f = b.connect(upstream.getHost(), port);
    f.addListener(
        (ChannelFuture cf) -> {
          if (cf.isSuccess()) {
            if (slot != null) {
              cf.channel().attr(COUNTED).set(Boolean.TRUE);
              cf.channel().closeFuture().addListener(x -> onClosed(slot, cf.channel()));
            }
            p.trySuccess(cf.channel());
          } else {
            if (slot != null) {
              slot.open--;
              wakeWaiter(upstream, slot, connectTimeoutMs);
            }
            p.tryFailure(cf.cause());
          }
        });
  }

  private SslContext sslContext() throws SSLException {
    SslContext s = clientSsl;
    if (s == null) {
      s = SslContextBuilder.forClient().build();
      clientSsl = s;
    }
    return s;
  }

  private void onClosed(Slot slot, Channel ch) {
    if (slot.idle.remove(ch)) {
      slot.open--;
    }
  }

  /**
   * Returns a healthy keep-alive connection, or closes it; wakes one waiter. A connection from
   * {@link #connectFresh} is closed: it was never counted, so it leaves no place behind.
   */
  void release(URI upstream, Channel ch, boolean reusable, int maxPerLoop, int connectTimeoutMs) {
    Slot slot = slots.get(key(upstream));
    if (slot == null || ch.attr(COUNTED).get() == null) {
      ch.close();
      return;
    }
    if (reusable && ch.isActive()) {
      Promise<Channel> w = slot.waiters.pollFirst();
      if (w != null) {
        w.trySuccess(ch);
        return;
      }
      slot.idle.addFirst(ch);
      ch.read(); // bytes an idle connection gets (a body a HEAD answer should not have had) close
      // it
      return;
    }
    slot.open--;
    ch.close();
    if (slot.open < maxPerLoop) {
      wakeWaiter(upstream, slot, connectTimeoutMs);
    }
  }

  private void wakeWaiter(URI upstream, Slot slot, int connectTimeoutMs) {
    Promise<Channel> w = slot.waiters.pollFirst();
    if (w != null) {
      connect(upstream, slot, w, connectTimeoutMs);
    }
  }

  void forEachIdle(Consumer<Channel> c) {
    slots.values().forEach(s -> s.idle.forEach(c));
  }

  /**
   * The pool key of an upstream: scheme, host and port. Remembered per URI (the configured ones, a
   * handful), since building it was a string concatenation twice per request (1.7% of the event
   * loop's samples); cleared when a series of reloads has left many behind.
   */
  private String key(URI u) {
    String k = keys.get(u);
    if (k == null) {
      if (keys.size() >= 1024) {
        keys.clear();
      }
      k = u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
      keys.put(u, k);
    }
    return k;
  }
}
