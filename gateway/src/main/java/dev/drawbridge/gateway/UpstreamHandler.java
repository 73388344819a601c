package dev.drawbridge.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The backend side of one upstream connection: hands every response object to the exchange that
 * currently owns the connection. A connection with no owner (idle in the pool) drops what it gets
 * and closes.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  private Exchange owner;

  /** The frontend side of a request in flight. */
  interface Exchange {
    void onUpstreamMessage(Object msg);

    void onUpstreamClosed();

    void onUpstreamError(Throwable cause);
  }

  void own(Exchange e) {
    this.owner = e;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Exchange e = owner;
    if (e == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    e.onUpstreamMessage(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange e = owner;
    owner = null;
    if (e != null) {
      e.onUpstreamClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange e = owner;
    if (e != null) {
      e.onUpstreamError(cause);
    }
    ctx.close();
  }
}
