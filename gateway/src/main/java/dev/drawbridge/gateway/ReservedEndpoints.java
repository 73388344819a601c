package dev.drawbridge.gateway;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code /.drawbridge/} paths other than health: login, callback, logout, webauthn, jwks.
 * Called with the whole (small, bounded) request; answers on any thread.
 */
public interface ReservedEndpoints {
  /** Returns null when the path is not one it serves (the gateway answers 404). */
  CompletableFuture<FullHttpResponse> handle(RequestContext ctx, FullHttpRequest request);

  ReservedEndpoints NONE = (c, r) -> null;
}
