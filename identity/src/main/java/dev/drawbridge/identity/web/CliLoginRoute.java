package dev.drawbridge.identity.web;

import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.session.SessionCheck;
import dev.drawbridge.identity.session.SessionCookies;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.identity.session.UserSession;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * {@code GET /.drawbridge/cli-login?port=P&state=S}: signs in {@code drawbridge login}. Without a
 * session, the ordinary browser sign-in first (back here afterwards). With one, a page that asks
 * the user to confirm, whose form posts the session cookie and the CLI's {@code state} to the CLI's
 * listener on {@code http://127.0.0.1:P/callback} only (the page's Content-Security-Policy allows
 * no other form target). The CLI checks {@code state}, so a post it did not ask for is refused.
 */
final class CliLoginRoute {
  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private final SessionManager sessions;
  private final Clock clock;

  CliLoginRoute(SessionManager sessions, Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
  }

  FullHttpResponse handle(RequestContext rc, FullHttpRequest req) {
    String state = Http.param(req, "state");
    int port = port(Http.param(req, "port"));
    if (state == null || !STATE.matcher(state).matches() || port < 0) {
      return Pages.message(
          400, "Bad request", "Run drawbridge login --url URL and open the link it prints.");
    }
    SessionCheck c = sessions.check(rc.headers(), rc.secure(), clock.instant());
    if (c.session().isEmpty()) {
      return Http.redirect("/.drawbridge/login?rd=" + Redirects.enc(rc.externalUrl()));
    }
    UserSession s = c.session().get();
    String cookie =
        SessionCookies.name(rc.secure()) + "=" + SessionCookies.find(rc.headers(), rc.secure());
    String target = "http://127.0.0.1:" + port + "/callback";
    String body =
        "<!doctype html><html><head><meta charset=utf-8><title>Sign in the Drawbridge CLI</title>"
            + "</head><body><h1>Sign in the Drawbridge command line</h1><p>The command"
            + " <code>drawbridge login</code> on this computer asks for a session as <b>"
            + esc(s.email())
            + "</b>. Continue only if you just ran it.</p><form method=post action=\""
            + esc(target)
            + "\"><input type=hidden name=state value=\""
            + esc(state)
            + "\"><input type=hidden name=session value=\""
            + esc(cookie)
            + "\"><button type=submit>Sign in the CLI</button></form></body></html>";
    FullHttpResponse r = Http.bytes(200, body, "text/html; charset=utf-8");
    r.headers()
        .set(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action "
                + target
                + "; frame-ancestors 'none'; base-uri 'none'");
    r.headers().set("X-Frame-Options", "DENY");
    r.headers().set("Referrer-Policy", "no-referrer");
    return r;
  }

  private static int port(String p) {
    try {
      int n = Integer.parseInt(p);
      return n >= 1 && n <= 65535 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&#39;");
  }
}
