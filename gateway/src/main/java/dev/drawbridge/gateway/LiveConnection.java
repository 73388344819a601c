package dev.drawbridge.gateway;

import java.util.Objects;

/**
 * One client connection's entry in {@link LiveExchanges}: whose traffic it carries, and how to end
 * it. {@link #end} may be called from any thread; the work runs on the connection's event loop: the
 * exchange in flight, if its access event is not yet written, gets {@code terminated} (the event is
 * written when the connection closes, with the status and bytes sent so far), a TCP tunnel reads
 * {@link #terminated} for its {@code tunnel_end} event, and the connection closes, which closes its
 * upstream too. Nothing else on the event loop waits for it. An idle keep-alive connection, and a
 * response whose access event is already being written (only its end is left to send; its event may
 * be the one that tripped a detection lock), are left alone: the connection's next request is
 * decided, and refused, like any other.
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
          if (conn.phase == Connection.Phase.IDLE
              || (conn.recorded && conn.phase == Connection.Phase.FORWARDING)) {
            // Nothing is flowing (an idle keep-alive connection), or only the end of a response
            // whose event is written or being written is left to send (it may be the very event
            // that tripped a detection lock): let it go as recorded. The connection's next
            // request is decided like any other and refused (403, locked or revoked). Closing it
            // instead races a client that is already reusing it: its request would meet a
            // closed connection and no answer at all.
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
