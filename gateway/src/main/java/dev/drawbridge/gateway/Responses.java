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

  /**
   * 403 for a browser ({@code Accept} names text/html): a small page with the request id, which
   * says no more than the JSON answer does. No script, no external resource.
   */
  public static FullHttpResponse deniedPage(String requestId) {
    String html =
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Access denied</title>"
            + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;"
            + "padding:0 1rem;color:#222}code{background:#f4f6f8;padding:.1rem .3rem}</style>"
            + "</head><body><h1>Access denied</h1><p>You do not have access to this page.</p>"
            + "<p>If you think you should, ask your administrator and give them this request id:"
            + " <code id=request-id>"
            + requestId
            + "</code></p></body></html>";
    ByteBuf body = Unpooled.copiedBuffer(html, StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN, body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    r.headers().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
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
    return unauthenticated(requestId, null);
  }

  /** How a service token is presented, for a 401 whose credentials had none of these forms. */
  public static final String TOKEN_FORMS_HINT =
      "present a service token as headers Drawbridge-Client-Id and Drawbridge-Client-Secret, as"
          + " HTTP Basic with the client id as user and the secret as password, or as"
          + " 'Authorization: Bearer <client_id>.<client_secret>'";

  /** As {@link #unauthenticated(String)}, with a {@code hint} (a fixed text) when non-null. */
  public static FullHttpResponse unauthenticated(String requestId, String hint) {
    FullHttpResponse r =
        hint == null
            ? error(401, "unauthenticated", requestId)
            : json(
                401,
                "{\"error\":\"unauthenticated\",\"hint\":\""
                    + hint.replace("\"", "\\\"")
                    + "\",\"request_id\":\""
                    + requestId
                    + "\"}");
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
