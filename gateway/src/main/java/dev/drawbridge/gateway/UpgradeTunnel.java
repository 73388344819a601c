package dev.drawbridge.gateway;

import dev.drawbridge.gateway.Connection.Phase;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * A WebSocket upgrade (phase UPGRADED). Once the upstream answered 101 and the event was recorded,
 * the 101 goes to the client, the HTTP codecs leave both pipelines, and from then on raw bytes are
 * spliced both ways, each side read again only after its last write went through. Either side
 * closing closes the other.
 */
final class UpgradeTunnel {
  private final Connection conn;
  private final UpstreamLeg leg;
  private final AuditGate audit;
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();

  UpgradeTunnel(Connection conn, UpstreamLeg leg, AuditGate audit) {
    this.conn = conn;
    this.leg = leg;
    this.audit = audit;
  }

  void upgrade(HttpResponse resp) {
    HttpHeaders h = resp.headers();
    h.set(Responses.REQUEST_ID, conn.rc.requestId());
    audit.recordThen(
        () -> {
          conn.phase = Phase.UPGRADED;
          conn.endCount();
          conn.ctx
              .writeAndFlush(resp)
              .addListener(
                  f -> {
                    if (!f.isSuccess()) {
                      conn.ctx.close();
                      return;
                    }
                    conn.ctx.pipeline().remove(StrictRequestDecoder.class);
                    conn.ctx.pipeline().remove(HttpResponseEncoder.class);
                    leg.channel().pipeline().remove("codec");
                    leg.channel().closeFuture().addListener(x -> conn.ctx.close());
                    drainQueuedRaw();
                    sendHeld();
                    leg.channel().read();
                    conn.ctx.read();
                  });
        },
        () -> {
          ReferenceCountUtil.release(resp);
          release();
          conn.ctx.close();
        });
  }

  /**
   * What the upstream sent while the 101 waited for its event to be recorded (phase UPGRADING):
   * bytes past the 101 are kept for the client, the codec's end marker of the 101 is dropped.
   */
  void hold(Object msg) {
    if (msg instanceof ByteBuf b) {
      held.add(b);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Once the 101 is written and the codecs are gone: the held upstream bytes, in order. */
  private void sendHeld() {
    if (held.isEmpty()) {
      return;
    }
    while (!held.isEmpty()) {
      ByteBuf b = held.poll();
      conn.bytesOut += b.readableBytes();
      conn.ctx.write(b);
    }
    conn.ctx.flush();
  }

  /** Releases held upstream bytes (the upgrade failed or the client went). */
  void release() {
    while (!held.isEmpty()) {
      held.poll().release();
    }
  }

  private void drainQueuedRaw() {
    while (!conn.queued.isEmpty()) {
      Object m = conn.queued.poll();
      if (m instanceof ByteBuf) {
        toUpstream(m);
      } else {
        ReferenceCountUtil.release(m);
      }
    }
  }

  /** Client bytes: to the upstream; the client is read again once they are written. */
  void toUpstream(Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    leg.channel()
        .writeAndFlush(msg)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                conn.ctx.read();
              } else {
                conn.ctx.close();
              }
            });
  }

  /** Upstream bytes: to the client; the upstream is read again once they are written. */
  void fromUpstream(Object msg) {
    if (!(msg instanceof ByteBuf b)) {
      // the HTTP codec's end-of-response marker for the 101: nothing to relay
      ReferenceCountUtil.release(msg);
      leg.channel().read();
      return;
    }
    conn.bytesOut += b.readableBytes();
    conn.ctx
        .writeAndFlush(msg)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                leg.channel().read();
              } else {
                leg.channel().close();
              }
            });
  }
}
