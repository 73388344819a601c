package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool's per-loop limit, against a real listening socket on loopback. */
class UpstreamPoolTest {
  private static final int LIMIT = 1;
  private static final int CONNECT_MS = 2000;

  @Test
  void releasingAFreshConnectionLeavesThePoolsLimitAsItWas() throws Exception {
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket upstream = new ServerSocket()) {
      upstream.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(upstream.accept());
                  }
                } catch (Exception e) {
                  // closed at the end of the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      URI uri = URI.create("http://127.0.0.1:" + upstream.getLocalPort());
      EventLoop loop = group.next();
      UpstreamPool pool = new UpstreamPool(loop, NioSocketChannel.class);

      Channel held = get(on(loop, () -> pool.acquire(uri, LIMIT, CONNECT_MS)));
      // a retry's or an upgrade's connection: outside the pool, closed when given back
      Channel fresh = get(on(loop, () -> pool.connectFresh(uri, CONNECT_MS)));
      on(loop, () -> pool.release(uri, fresh, false, LIMIT, CONNECT_MS));
      assertThat(fresh.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();

      Future<Channel> second = on(loop, () -> pool.acquire(uri, LIMIT, CONNECT_MS));
      assertThat(second.await(300, TimeUnit.MILLISECONDS))
          .as("the pool's one place is still taken: the second acquire waits")
          .isFalse();
      on(loop, () -> pool.release(uri, held, true, LIMIT, CONNECT_MS));
      assertThat(get(second)).isSameAs(held);
      assertThat(accepted).hasSize(2); // the held one and the fresh one, no third
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  private static <T> T on(EventLoop loop, Callable<T> c) throws Exception {
    return loop.submit(c).get(5, TimeUnit.SECONDS);
  }

  private static void on(EventLoop loop, Runnable r) throws Exception {
    loop.submit(r).get(5, TimeUnit.SECONDS);
  }

  private static Channel get(Future<Channel> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }
}
