package dev.drawbridge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The bytes of an open TCP tunnel: the client's binary WebSocket frames go to the upstream as they
 * are, the upstream's bytes go back in binary frames. Back-pressure as for HTTP: AUTO_READ is off
 * on both channels and each side is read again only after its last write went through, so a slow
 * reader holds one buffer per direction at most. Either side closing closes the other; the end is
 * recorded once ({@code tunnel_end}: bytes each way, duration, and {@code terminated} when the
 * control plane ended it). Event-loop confined: both channels share the client's loop.
 */
final class TcpRelay {
  private final Connection conn;
  private Channel upstream;
  private long bytesIn;
  private long bytesOut;
  private boolean ended;

  TcpRelay(Connection conn) {
    this.conn = conn;
  }

  ChannelHandler upstreamHandler() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b)) {
          ReferenceCountUtil.release(msg);
          ctx.read();
          return;
        }
        bytesOut += b.readableBytes();
        conn.ctx
            .channel()
            .writeAndFlush(new BinaryWebSocketFrame(b))
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    ctx.read();
                  } else {
                    ctx.close();
                  }
                });
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        Channel client = conn.ctx.channel();
        if (client.isActive()) {
          client
              .writeAndFlush(new CloseWebSocketFrame(1000, "upstream closed"))
              .addListener(ChannelFutureListener.CLOSE);
        }
        ctx.fireChannelInactive();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        conn.server.log().debug("tunnel upstream error: {}", cause.toString());
        ctx.close();
      }
    };
  }

  ChannelHandler clientHandler() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame
            || msg instanceof ContinuationWebSocketFrame
            || msg instanceof TextWebSocketFrame) {
          ByteBuf data = ((io.netty.buffer.ByteBufHolder) msg).content();
          bytesIn += data.readableBytes();
          upstream
              .writeAndFlush(data)
              .addListener(
                  f -> {
                    if (f.isSuccess()) {
                      ctx.read();
                    } else {
                      ctx.close();
                    }
                  });
        } else if (msg instanceof PingWebSocketFrame ping) {
          ctx.channel()
              .writeAndFlush(new PongWebSocketFrame(ping.content()))
              .addListener(f -> ctx.read());
        } else if (msg instanceof CloseWebSocketFrame) {
          ReferenceCountUtil.release(msg);
          upstream.close();
          ctx.close();
        } else {
          ReferenceCountUtil.release(msg);
          ctx.read();
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        if (upstream != null) {
          upstream.close();
        }
        end();
        ctx.fireChannelInactive();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        conn.server.log().debug("tunnel client error: {}", cause.toString());
        ctx.close();
      }
    };
  }

  /** Both sides are ready: start reading each. */
  void start(Channel up) {
    this.upstream = up;
    up.read();
    conn.ctx.read();
  }

  /** Records the tunnel's end, once (also when it ended before bytes could flow). */
  void end() {
    if (ended) {
      return;
    }
    ended = true;
    LiveConnection live = conn.live;
    String terminated = live == null ? null : live.terminated();
    long durationMs = (System.nanoTime() - conn.rc.startNanos()) / 1_000_000;
    try {
      conn.state
          .recorder()
          .recordTunnelEnd(
              conn.rc,
              conn.verdict,
              new AccessRecorder.TunnelEnd(bytesIn, bytesOut, durationMs, terminated));
    } catch (RuntimeException e) {
      conn.server.log().warn("could not record the end of tunnel {}", conn.rc.requestId(), e);
    }
  }
}
