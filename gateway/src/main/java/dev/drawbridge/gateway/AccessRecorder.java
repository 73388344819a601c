package dev.drawbridge.gateway;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * Records the audit event of a finished decision. The returned future completes when the event is
 * as durable as the configured mode promises; the gateway sends the end of the response only then.
 * A failed future means the log cannot take events: the gateway fails closed.
 */
@FunctionalInterface
public interface AccessRecorder {
  /**
   * @param loop the event loop of the request's connection, which calls this (null when not called
   *     on an event loop): a recorder may gather what one loop records in one iteration
   */
  CompletableFuture<Void> record(
      RequestContext request, Verdict verdict, Outcome outcome, EventLoop loop);

  /** False while the log cannot take events (disk full or failing): new requests get 503. */
  default boolean available() {
    return true;
  }

  /**
   * Records the end of a TCP tunnel (SPEC §9, {@code event: tunnel_end}); its opening was an access
   * event. Best effort: the tunnel is gone either way. Called on the tunnel's event loop.
   */
  default void recordTunnelEnd(RequestContext request, Verdict verdict, TunnelEnd end) {}

  /**
   * A tunnel's end: bytes from the client to the upstream ({@code bytesIn}) and back ({@code
   * bytesOut}), its duration, and why the control plane ended it ({@code terminated}, or null).
   * {@code bytesIn} is -1 when not counted (a web application's WebSocket).
   */
  record TunnelEnd(long bytesIn, long bytesOut, long durationMs, String terminated) {}

  /** What was sent: {@code status}, body bytes sent to the client, time since the request. */
  record Outcome(int status, long bytesOut, long durationMs) {}

  AccessRecorder NONE = (r, v, o, l) -> CompletableFuture.completedFuture(null);
}
