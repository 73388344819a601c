package dev.drawbridge.gateway;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.gateway.Connection.Phase;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Opens a TCP tunnel to an application with {@code upstream: tcp://HOST:PORT} (SPEC §9). The client
 * ({@code drawbridge connect}) sends a WebSocket upgrade, on any path of the application's host;
 * the tunnel is decided once, by policy, as a request {@code CONNECT /} with action {@code
 * connect}. A refusal is the ordinary 401/403 and nothing passes the upgrade. Once allowed, the
 * gateway connects to the upstream, records the access event, answers 101, swaps the HTTP codecs
 * for WebSocket framing and hands both sides to {@link TcpRelay}. An upstream that cannot be
 * reached is a 502.
 */
final class TcpTunnel {
  /** A tunnel to the application named after it, on any host: {@code drawbridge connect --app}. */
  static final String PATH = "/.drawbridge/tunnel/";

  static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** Largest WebSocket frame a client may send (the CLI sends at most 64 KiB). */
  static final int MAX_FRAME = 1 << 20;

  private final Connection conn;
  private final LocalAnswers local;

  TcpTunnel(Connection conn, LocalAnswers local) {
    this.conn = conn;
    this.local = local;
  }

  /** A tunnel named by its application's id (any host): {@code /.drawbridge/tunnel/ID}. */
  void openNamed(HttpRequest req, String id) {
    ApplicationConfig app = conn.state.router().byId(id);
    if (app == null || !app.tcp()) {
      conn.keepAlive = false;
      local.local(
          Verdict.deny("unknown_app"), Responses.error(404, "not_found", conn.rc.requestId()));
      return;
    }
    open(req, app);
  }

  /** A tunnel to the application of the request's host. */
  void open(HttpRequest req) {
    open(req, conn.rc.app());
  }

  private void open(HttpRequest req, ApplicationConfig app) {
    RequestContext rc = conn.rc;
    conn.rc =
        new RequestContext(
            rc.requestId(),
            rc.startNanos(),
            rc.startMillis(),
            app,
            rc.host(),
            "CONNECT",
            "/",
            null,
            rc.headers(),
            rc.clientIp(),
            rc.clientIpText(),
            rc.tls(),
            rc.secure(),
            rc.deviceManaged(),
            rc.userAgent());
    conn.keepAlive = false;
    String key = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (!isUpgrade(req.headers()) || key == null || key.isBlank()) {
      String why = "a tcp application is reached through a WebSocket tunnel (drawbridge connect)";
      local.local(
          Verdict.deny("bad_request").withExtra("problem", why),
          Responses.error(400, "bad_request", rc.requestId(), why));
      return;
    }
    Verdict v;
    try {
      v = conn.state.decider().decide(conn.rc);
    } catch (RuntimeException e) {
      conn.server.log().warn("decision failed for tunnel {}", rc.requestId(), e);
      v = Verdict.deny("internal_error");
    }
    v = v.withAction("connect");
    if (v.forwards() && !conn.state.recorder().available()) {
      v =
          new Verdict(
              Verdict.Kind.UNAVAILABLE,
              "audit_unavailable",
              v.policy(),
              v.principal(),
              v.resource(),
              v.action(),
              v.extra(),
              Map.of(),
              false,
              null);
    }
    conn.verdict = v;
    if (!v.forwards()) {
      local.refuse(v);
      return;
    }
    conn.phase = Phase.UPGRADING;
    connect(conn.rc.app().upstream(), accept(key));
  }

  private void connect(URI upstream, String accept) {
    RequestContext mine = conn.rc;
    TcpRelay relay = new TcpRelay(conn);
    Bootstrap b =
        new Bootstrap()
            .group(conn.ctx.channel().eventLoop())
            .channel(conn.server.channelClass())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) conn.state.timeouts().upstreamConnect().toMillis())
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(relay.upstreamHandler());
    ChannelFuture cf = b.connect(upstream.getHost(), upstream.getPort());
    cf.addListener(
        f -> {
          if (conn.rc != mine || !conn.ctx.channel().isActive()) {
            cf.channel().close();
            return;
          }
          if (!f.isSuccess()) {
            conn.verdict = conn.verdict.withExtra("upstream_error", "connect failed");
            local.local(conn.verdict, Responses.error(502, "bad_gateway", mine.requestId()));
            return;
          }
          Channel up = cf.channel();
          conn.ctx.channel().closeFuture().addListener(x -> up.close());
          upgrade(up, relay, accept);
        });
  }

  /** Records the access event, answers 101 and swaps the codecs; then bytes flow. */
  private void upgrade(Channel up, TcpRelay relay, String accept) {
    conn.status = 101;
    conn.responseStarted = true;
    new AuditGate(conn)
        .recordThen(
            () -> {
              if (!conn.ctx.channel().isActive()) {
                up.close(); // ended (a lock) while the event was written: nothing was sent
                relay.end();
                return;
              }
              FullHttpResponse resp =
                  new DefaultFullHttpResponse(
                      HttpVersion.HTTP_1_1,
                      HttpResponseStatus.SWITCHING_PROTOCOLS,
                      Unpooled.EMPTY_BUFFER);
              resp.headers()
                  .set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET)
                  .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                  .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, accept)
                  .set(Responses.REQUEST_ID, conn.rc.requestId());
              conn.phase = Phase.UPGRADED;
              conn.ctx
                  .writeAndFlush(resp)
                  .addListener(
                      f -> {
                        if (!f.isSuccess() || !conn.ctx.channel().isActive()) {
                          up.close();
                          relay.end();
                          conn.ctx.close();
                          return;
                        }
                        var p = conn.ctx.pipeline();
                        p.remove(StrictRequestDecoder.class);
                        p.remove(HttpResponseEncoder.class);
                        String me = conn.ctx.name();
                        p.addBefore(
                            me, "ws-decoder", new WebSocket13FrameDecoder(true, false, MAX_FRAME));
                        p.addBefore(me, "ws-encoder", new WebSocket13FrameEncoder(false));
                        p.addBefore(me, "tcp-relay", relay.clientHandler());
                        relay.start(up);
                      });
            },
            () -> {
              up.close();
              conn.ctx.close();
              relay.end();
            });
  }

  static boolean isUpgrade(HttpHeaders h) {
    return h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && h.contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  static String accept(String key) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-1")
              .digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
