package dev.drawbridge.gateway;

import dev.drawbridge.gateway.Connection.Phase;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The answers the gateway gives itself instead of the upstream: denials, challenges, redirects,
 * errors (phase LOCAL). A decided answer is recorded before it leaves, and a 503 replaces it when
 * it cannot be. The body of a request answered locally is read and discarded; the connection takes
 * the next request when both the answer is written and the request has ended. Without keep-alive
 * the connection closes after the answer with a lingering close.
 */
final class LocalAnswers {
  private final Connection conn;
  private final AuditGate audit;
  private final Runnable toIdle;
  private boolean localDone;
  private boolean lingering;

  /**
   * @param toIdle returns the connection to idle, for the next request
   */
  LocalAnswers(Connection conn, AuditGate audit, Runnable toIdle) {
    this.conn = conn;
    this.audit = audit;
    this.toIdle = toIdle;
  }

  /** True once a lingering close began: whatever the client still sends is discarded. */
  boolean lingering() {
    return lingering;
  }

  void resetExchange() {
    localDone = false;
  }

  /** Answers a request whose verdict does not forward it. */
  void refuse(Verdict v) {
    String id = conn.rc.requestId();
    switch (v.kind()) {
      case UNAUTHENTICATED ->
          local(
              v,
              conn.rc.isBrowser()
                  ? Responses.redirect(loginUrl())
                  : Responses.unauthenticated(id, tokenFormsHint(v)));
      case REDIRECT -> local(v, Responses.redirect(v.redirectLocation()));
      case UNAVAILABLE -> local(v, Responses.error(503, "unavailable", id));
      default ->
          local(
              v,
              acceptsHtml() ? Responses.deniedPage(id) : Responses.error(403, "access_denied", id));
    }
  }

  /**
   * The accepted token forms, when the request presented credentials in none of them: {@code
   * Authorization: Bearer} without {@code client_id.} (a secret alone), or malformed ones.
   */
  private String tokenFormsHint(Verdict v) {
    String auth = conn.rc.headers().get("authorization");
    boolean bearerWithoutId =
        auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.indexOf('.') < 0;
    boolean malformed = "malformed_credentials".equals(v.reason());
    return bearerWithoutId || malformed ? Responses.TOKEN_FORMS_HINT : null;
  }

  /** A browser asking for a page (any method): a denial is a page, not JSON. */
  private boolean acceptsHtml() {
    String accept = conn.rc.headers().get("accept");
    return accept != null && accept.contains("text/html");
  }

  private String loginUrl() {
    RequestContext rc = conn.rc;
    String rd = rc.externalUrl();
    return "/.drawbridge/login?rd=" + URLEncoder.encode(rd, StandardCharsets.UTF_8);
  }

  /** Answers with {@code response} for verdict {@code v}, after recording it. */
  void local(Verdict v, FullHttpResponse response) {
    conn.phase = Phase.LOCAL;
    conn.verdict = v;
    conn.status = response.status().code();
    conn.bytesOut = response.content().readableBytes();
    audit.recordThen(
        () -> writeLocal(response),
        () -> {
          response.release();
          conn.keepAlive = false;
          writeLocal(Responses.error(503, "unavailable", conn.rc.requestId()));
        });
  }

  /** Writes an answer as it is (recorded already, or not an access to record). */
  void writeLocal(FullHttpResponse response) {
    response.headers().set(Responses.REQUEST_ID, conn.rc.requestId());
    if (!conn.keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    boolean close = !conn.keepAlive;
    conn.ctx
        .writeAndFlush(response)
        .addListener(
            f -> {
              conn.endCount();
              if (!f.isSuccess()) {
                conn.ctx.close();
              } else if (close) {
                lingeringClose();
              } else {
                localDone = true;
                maybeNext();
              }
            });
  }

  /** A body part of a request answered locally: discarded; the last one may let the next in. */
  void onContent(HttpContent c) {
    c.release();
    if (c instanceof LastHttpContent) {
      conn.requestDone = true;
      maybeNext();
    } else if (conn.keepAlive) {
      conn.ctx.read();
    }
  }

  /**
   * Half-closes after an error answer and discards what the client still sends for a moment, so
   * that unread request bytes don't turn the close into a reset that destroys the answer.
   */
  private void lingeringClose() {
    if (!(conn.ctx.channel() instanceof DuplexChannel dc)) {
      conn.ctx.close();
      return;
    }
    lingering = true;
    conn.queued.forEach(ReferenceCountUtil::release);
    conn.queued.clear();
    dc.shutdownOutput();
    conn.armIdle(2000);
    conn.ctx.read();
  }

  private void maybeNext() {
    if (conn.phase == Phase.LOCAL && localDone && conn.requestDone) {
      toIdle.run();
    }
  }
}
