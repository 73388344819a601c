package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A WebSocket upgrade passes through the gateway and frames flow both ways. */
class WebSocketTest {
  @Test
  void upgradesAndRelaysFramesBothWays() throws Exception {
    upgradeAndRelay(0);
  }

  @Test
  void upgradesWhenTheEventIsDurableOnlyLaterAsInStrictMode() throws Exception {
    upgradeAndRelay(20);
  }

  private void upgradeAndRelay(long recordDelayMillis) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel echo =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(65536))
                          .addLast(new WebSocketServerProtocolHandler("/ws"))
                          .addLast(
                              new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                @Override
                                protected void channelRead0(
                                    ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                  ctx.writeAndFlush(new TextWebSocketFrame("echo:" + f.text()));
                                }

                                @Override
                                public void userEventTriggered(
                                    ChannelHandlerContext ctx, Object evt) {
                                  // the upstream speaks first, right behind its 101
                                  if (evt
                                      instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                    ctx.writeAndFlush(new TextWebSocketFrame("welcome"));
                                  }
                                }
                              });
                    }
                  })
              .bind("127.0.0.1", 0)
              .sync()
              .channel();
      int port = ((InetSocketAddress) echo.localAddress()).getPort();
      try (TestGateway gw = new TestGateway("http://127.0.0.1:" + port)) {
        gw.recordDelayMillis = recordDelayMillis;
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        WebSocket ws =
            HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                    URI.create("ws://127.0.0.1:" + gw.server.port() + "/ws"),
                    new WebSocket.Listener() {
                      @Override
                      public CompletionStage<?> onText(
                          WebSocket w, CharSequence data, boolean last) {
                        got.add(data.toString());
                        w.request(1);
                        return CompletableFuture.completedFuture(null);
                      }
                    })
                .get(5, TimeUnit.SECONDS);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("welcome");
        ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:hello");
        ws.sendText("again", true).get(5, TimeUnit.SECONDS);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("echo:again");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertThat(gw.recorded).containsExactly("allow bypass 101 /ws");
      }
      echo.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
