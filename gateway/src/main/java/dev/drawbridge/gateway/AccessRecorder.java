package dev.drawbridge.gateway;

import java.util.concurrent.CompletableFuture;

/**
 * Records the audit event of a finished decision. The returned future completes when the event is
 * as durable as the configured mode promises; the gateway sends the end of the response only then.
 * A failed future means the log cannot take events: the gateway fails closed.
 */
@FunctionalInterface
public interface AccessRecorder {
  CompletableFuture<Void> record(RequestContext request, Verdict verdict, Outcome outcome);

  /** False while the log cannot take events (disk full or failing): new requests get 503. */
  default boolean available() {
    return true;
  }

  /** What was sent: {@code status}, body bytes sent to the client, time since the request. */
  record Outcome(int status, long bytesOut, long durationMs) {}

  AccessRecorder NONE = (r, v, o) -> CompletableFuture.completedFuture(null);
}
