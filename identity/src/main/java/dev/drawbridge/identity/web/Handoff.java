package dev.drawbridge.identity.web;

import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.session.SessionCookies;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.identity.session.UserSession;
import dev.drawbridge.store.PendingCeremonyRepository;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hands a session signed in on one host (the public URL's, where the security-key ceremony can run)
 * to an application's host, whose cookie the first host cannot set: a one-time code, valid for
 * {@link #TTL} and bound to the target host, redeemed at {@code /.drawbridge/handoff} on that host,
 * which sets the host's session cookie and redirects to where the user was going (the pattern of
 * Pomerium's and Cloudflare Access's authenticate services).
 */
final class Handoff {
  static final Duration TTL = Duration.ofSeconds(60);
  static final String PATH = "/.drawbridge/handoff";

  /** A session's cookie value, for one host. */
  record Grant(String cookieValue, String host) {}

  static final SharedOneTimeValues.Codec<Grant> CODEC =
      new SharedOneTimeValues.Codec<>() {
        @Override
        public String write(Grant g) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("cookie", g.cookieValue());
          m.put("host", g.host());
          return com.nimbusds.jose.util.JSONObjectUtils.toJSONString(m);
        }

        @Override
        public Grant read(String text) throws IOException {
          Map<String, Object> m = SharedOneTimeValues.Codec.object(text);
          return new Grant(
              SharedOneTimeValues.Codec.string(m, "cookie"),
              SharedOneTimeValues.Codec.string(m, "host"));
        }
      };

  private final OneTimeValues<Grant> grants;
  private final SessionManager sessions;
  private final Redirects redirects;
  private final Clock clock;

  Handoff(
      SessionManager sessions, Redirects redirects, Clock clock, PendingCeremonyRepository shared) {
    this.grants =
        OneTimeValues.create(
            shared, "session handoffs", "session_handoff", TTL, 100_000, 1_000, CODEC);
    this.sessions = sessions;
    this.redirects = redirects;
    this.clock = clock;
  }

  /** The host of an absolute {@code rd} when it is not the request's host; null otherwise. */
  static String otherHost(String rd, RequestContext rc) {
    if (rd == null || rd.startsWith("/")) {
      return null;
    }
    String host = URI.create(rd).getHost();
    return host == null || host.equalsIgnoreCase(rc.host()) ? null : host.toLowerCase(Locale.ROOT);
  }

  /**
   * Where to send the browser next after signing in with {@code cookieValue}: {@code rd} itself
   * when it is on this host, else the handoff on {@code rd}'s host (null when none can be stored).
   */
  String next(String rd, String cookieValue, RequestContext rc) {
    String host = otherHost(rd, rc);
    if (host == null) {
      return rd;
    }
    String code = SessionCookies.newValue();
    if (grants.put(code, new Grant(cookieValue, host), rc.clientIp(), clock.instant())
        != OneTimeValues.Put.STORED) {
      return null;
    }
    URI u = URI.create(rd);
    return u.getScheme()
        + "://"
        + u.getRawAuthority()
        + PATH
        + "?code="
        + code
        + "&rd="
        + Redirects.enc(rd);
  }

  /** The cookie value of the live session a request carries here, or null. */
  String liveCookie(RequestContext rc) {
    Optional<UserSession> s = sessions.live(rc.headers(), rc.secure(), clock.instant());
    return s.isPresent() ? SessionCookies.find(rc.headers(), rc.secure()) : null;
  }

  /** {@code GET /.drawbridge/handoff?code=…&rd=…}: sets this host's cookie, then goes to rd. */
  FullHttpResponse redeem(RequestContext rc, FullHttpRequest req) {
    Instant now = clock.instant();
    Grant g = grants.take(Http.param(req, "code"), now);
    String rd = redirects.validate(Http.param(req, "rd"), rc);
    if (g == null || !g.host().equalsIgnoreCase(rc.host())) {
      return Pages.message(
          403, "Sign-in failed", "This sign-in link is invalid, expired or already used.");
    }
    if (rd == null || otherHost(rd, rc) != null) {
      return Pages.message(400, "Sign in", "The return address is not allowed.");
    }
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("cookie", SessionCookies.name(rc.secure()) + "=" + g.cookieValue());
    Optional<UserSession> s = sessions.live(h, rc.secure(), now);
    if (s.isEmpty()) {
      return Pages.message(403, "Sign-in failed", "The session has ended. Sign in again.");
    }
    return Http.withCookies(
        Http.redirect(rd),
        SessionCookies.set(
            g.cookieValue(), rc.secure(), Duration.between(now, s.get().expiresAt())));
  }
}
