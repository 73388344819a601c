package dev.drawbridge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** The gateway's own small responses. They never say which policy, lock or rule decided. */
public final class Responses {
  public static final AsciiString REQUEST_ID = AsciiString.cached("Drawbridge-Request-Id");

  private Responses() {}

  public static FullHttpResponse json(int status, String json) {
    ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return r;
  }

  /** {@code {"error":code,"request_id":id}}; codes and ids are plain tokens, no escaping. */
  public static FullHttpResponse error(int status, String code, String requestId) {
    return json(status, "{\"error\":\"" + code + "\",\"request_id\":\"" + requestId + "\"}");
  }

  /**
   * As {@link #error(int, String, String)} with a {@code message} saying what is wrong: one of the
   * gateway's own fixed texts (never the client's input), quotes and backslashes escaped anyway.
   */
  public static FullHttpResponse error(int status, String code, String requestId, String message) {
    String m = message.replace("\\", "\\\\").replace("\"", "\\\"");
    return json(
        status,
        "{\"error\":\""
            + code
            + "\",\"message\":\""
            + m
            + "\",\"request_id\":\""
            + requestId
            + "\"}");
  }

  /**
   * 401 with a Basic challenge: git and other HTTP clients send the credentials of a URL ({@code
   * https://client_id:secret@host/...}) only after a challenge.
   */
  public static FullHttpResponse unauthenticated(String requestId) {
    FullHttpResponse r = error(401, "unauthenticated", requestId);
    r.headers()
        .set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"drawbridge\", charset=\"UTF-8\"");
    return r;
  }

  public static FullHttpResponse redirect(String location) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND, Unpooled.EMPTY_BUFFER);
    r.headers().set(HttpHeaderNames.LOCATION, location);
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return r;
  }
}
