package dev.drawbridge.gateway;

import dev.drawbridge.config.ApplicationConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetAddress;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Admits one request head: checks and normalizes it ({@link RequestHead}), holds its Host to the
 * TLS server name, builds its {@link RequestContext} (client address, managed device), routes it,
 * asks the {@link AccessDecider}, and starts its answer: a local one ({@link LocalAnswers}), a
 * reserved endpoint ({@link ReservedRequests}) or forwarding ({@link UpstreamLeg}). Fails closed: a
 * decision that throws is a deny with {@code internal_error}, and nothing is forwarded while the
 * audit log cannot take events.
 */
final class Admission {
  private final Connection conn;
  private final LocalAnswers local;
  private final ReservedRequests reserved;
  private final UpstreamLeg leg;
  private Boolean deviceManaged;

  Admission(Connection conn, LocalAnswers local, ReservedRequests reserved, UpstreamLeg leg) {
    this.conn = conn;
    this.local = local;
    this.reserved = reserved;
    this.leg = leg;
  }

  void onHead(HttpRequest req) {
    GatewayServer server = conn.server;
    GatewayState state = conn.state;
    String id = RequestIds.next();
    long startNanos = System.nanoTime();
    long startMillis = server.clock().millis();
    String method = req.method().name();
    conn.keepAlive = HttpUtil.isKeepAlive(req) && !server.draining();
    conn.http11 = req.protocolVersion().minorVersion() >= 1;
    boolean hasBody = HttpUtil.isTransferEncodingChunked(req) || RequestHead.contentLength(req) > 0;

    RequestHead head = RequestHead.parse(req);
    String problem = head.problem();
    String host = head.host();
    String path = head.path();
    String query = head.query();
    String rawPath = head.rawPath();
    if (problem == null && sniMismatch(host)) {
      problem = "Host does not match TLS server name";
    }
    if (problem == null && head.authority() != null) {
      // absolute form: the target's authority routed the request, so it is the Host from here on
      // (RFC 9112 §3.2.2) — for the decision, the upstream and X-Forwarded-Host alike
      req.headers().set(HttpHeaderNames.HOST, head.authority());
    }
    InetAddress clientIp =
        state
            .clientAddress()
            .resolve(conn.peer.getAddress(), ClientAddress.forwardedFor(req.headers()));
    if (clientIp == null) {
      clientIp = conn.peer.getAddress(); // recorded as the peer; the request is refused below
      if (problem == null) {
        problem = "X-Forwarded-For from a trusted proxy has an entry that is not an IP address";
      }
    }
    ApplicationConfig app = problem == null ? state.router().route(host) : null;
    conn.rc =
        new RequestContext(
            id,
            startNanos,
            startMillis,
            app,
            host,
            method,
            path != null ? path : RequestHead.truncate(rawPath),
            query,
            req.headers(),
            clientIp,
            clientIp == conn.peer.getAddress() ? conn.peerText : ClientAddress.text(clientIp),
            conn.ssl != null,
            conn.ssl != null
                || state.clientAddress().forwardedHttps(conn.peer.getAddress(), req.headers()),
            isDeviceManaged(),
            req.headers().get(HttpHeaderNames.USER_AGENT));
    if (problem != null) {
      conn.keepAlive = false;
      // what is wrong goes to the client and, as field "problem", to the audit event
      local.local(
          Verdict.deny("bad_request").withExtra("problem", problem),
          Responses.error(400, "bad_request", id, problem));
      return;
    }
    if (path.startsWith(TcpTunnel.PATH)) {
      new TcpTunnel(conn, local).openNamed(req, path.substring(TcpTunnel.PATH.length()));
      return;
    }
    if (path.startsWith("/.drawbridge/")) {
      reserved.onHead(req, hasBody);
      return;
    }
    if (app == null) {
      if (hasBody) {
        conn.keepAlive = false;
      }
      local.local(Verdict.deny("unknown_host"), Responses.error(404, "not_found", id));
      return;
    }
    if (app.tcp()) {
      new TcpTunnel(conn, local).open(req); // SPEC §9: decided once, as CONNECT /
      return;
    }
    Verdict v;
    try {
      v = state.decider().decide(conn.rc);
    } catch (RuntimeException e) {
      server.log().warn("decision failed for request {}", id, e);
      v = Verdict.deny("internal_error");
    }
    if (v.forwards() && !state.recorder().available()) {
      v = withKind(v, Verdict.Kind.UNAVAILABLE, "audit_unavailable");
    }
    conn.verdict = v;
    if (v.forwards()) {
      leg.forward(req);
      return;
    }
    if (hasBody) {
      conn.keepAlive = false;
    }
    local.refuse(v);
  }

  private static Verdict withKind(Verdict v, Verdict.Kind kind, String reason) {
    return new Verdict(
        kind,
        reason,
        v.policy(),
        v.principal(),
        v.resource(),
        v.action(),
        v.extra(),
        Map.of(),
        v.stripAuthorization(),
        null);
  }

  private boolean sniMismatch(String host) {
    if (conn.ssl == null) {
      return false;
    }
    SSLSession s = conn.ssl.engine().getSession();
    if (s instanceof ExtendedSSLSession ext) {
      for (SNIServerName n : ext.getRequestedServerNames()) {
        if (n instanceof SNIHostName h && !h.getAsciiName().equalsIgnoreCase(host)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isDeviceManaged() {
    if (deviceManaged == null) {
      boolean managed = false;
      if (conn.ssl != null) {
        try {
          managed = conn.ssl.engine().getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
          managed = false;
        }
      }
      deviceManaged = managed;
    }
    return deviceManaged;
  }
}
