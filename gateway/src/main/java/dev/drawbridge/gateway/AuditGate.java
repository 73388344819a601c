package dev.drawbridge.gateway;

import java.util.concurrent.CompletableFuture;

/**
 * Records the audit event of the exchange in flight before the end of its response leaves, and at
 * most once per exchange: the connection's only caller of {@link AccessRecorder#record}. What is
 * recorded is the connection's verdict and outcome (status, bytes sent, time since the request).
 * The continuation runs on the connection's event loop; when the recorder answers from the audit
 * writer's thread, it is handed over through {@link GatewayServer#completeOn}.
 */
final class AuditGate {
  private final Connection conn;

  AuditGate(Connection conn) {
    this.conn = conn;
  }

  /** Records the event once, then runs {@code then} on the loop; {@code failed} if it can't. */
  void recordThen(Runnable then, Runnable failed) {
    if (conn.recorded || conn.verdict == null) {
      then.run();
      return;
    }
    conn.recorded = true;
    long durationMs = (System.nanoTime() - conn.rc.startNanos()) / 1_000_000;
    CompletableFuture<Void> f;
    try {
      f =
          conn.state
              .recorder()
              .record(
                  conn.rc,
                  conn.verdict,
                  new AccessRecorder.Outcome(conn.status, conn.bytesOut, durationMs),
                  conn.ctx.channel().eventLoop());
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    if (f.isDone() && !f.isCompletedExceptionally()) {
      then.run();
      return;
    }
    f.whenComplete(
        (v, e) -> {
          if (e == null && !conn.ctx.executor().inEventLoop()) {
            conn.server.completeOn(conn.ctx.executor(), then); // on the audit writer, after a write
          } else {
            conn.onLoop(() -> (e == null ? then : failed).run());
          }
        });
  }
}
