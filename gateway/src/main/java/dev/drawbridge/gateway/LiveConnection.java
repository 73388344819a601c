package dev.drawbridge.gateway;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One client connection's entry in {@link LiveExchanges}: whose traffic it carries, and how to end
 * it. {@link #end} may be called from any thread; the work runs on the connection's event loop: the
 * exchange in flight, if its access event is not yet written, gets {@code terminated} (the event is
 * written when the connection closes, with the status and bytes sent so far), a TCP tunnel reads
 * {@link #terminated} for its {@code tunnel_end} event, and the connection closes, which closes its
 * upstream too. Nothing else on the event loop waits for it. A response whose access event is
 * already being written (only its end is left to send; its event may be the one that tripped a
 * detection lock) ends as recorded, and its connection then closes instead of staying alive.
 */
final class LiveConnection {
  private final Connection conn;
  private final String principal;
  private final String credential;
  private volatile String terminated;

  LiveConnection(Connection conn, String principal, String credential) {
    this.conn = conn;
    this.principal = principal;
    this.credential = credential;
  }

  String principal() {
    return principal;
  }

  String credential() {
    return credential;
  }

  boolean sameAs(String otherPrincipal, String otherCredential) {
    return principal.equals(otherPrincipal) && Objects.equals(credential, otherCredential);
  }

  /** Why the connection was ended by the control plane, or null. */
  String terminated() {
    return terminated;
  }

  /** Ends the connection on its event loop, once, recording {@code reason}. */
  void end(String reason) {
    conn.onLoop(
        () -> {
          if (terminated != null || conn.live != this) {
            return;
          }
          if (conn.recorded && conn.phase == Connection.Phase.FORWARDING) {
            // The response's event is written or being written (it may be the very event that
            // tripped a detection lock): only its end is left to send. Let it go as recorded,
            // then close instead of keeping the connection alive.
            conn.keepAlive = false;
            // and look again shortly, in case that end was already on its way with keep-alive
            conn.ctx.executor().schedule(() -> end(reason), 50, TimeUnit.MILLISECONDS);
            conn.server
                .log()
                .info("closing connection of {} after its response: {}", principal, reason);
            return;
          }
          terminated = reason;
          if (conn.verdict != null && !conn.recorded && conn.rc != null) {
            conn.verdict = conn.verdict.withExtra("terminated", reason);
          }
          conn.server.log().info("ending connection of {}: {}", principal, reason);
          if (conn.phase == Connection.Phase.UPGRADED
              && conn.ctx.pipeline().get("tcp-relay") == null
              && conn.rc != null
              && conn.verdict != null) {
            // a web application's WebSocket: its access event was written at the upgrade; say
            // how it ended (a TCP tunnel's relay records its own end)
            long ms = (System.nanoTime() - conn.rc.startNanos()) / 1_000_000;
            conn.state
                .recorder()
                .recordTunnelEnd(
                    conn.rc,
                    conn.verdict,
                    new AccessRecorder.TunnelEnd(-1, conn.bytesOut, ms, reason));
          }
          conn.ctx.close();
        });
  }
}
