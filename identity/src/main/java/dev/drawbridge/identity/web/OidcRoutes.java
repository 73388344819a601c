package dev.drawbridge.identity.web;

import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.ReservedCookies;
import dev.drawbridge.identity.oidc.LoginFailure;
import dev.drawbridge.identity.oidc.LoginResult;
import dev.drawbridge.identity.oidc.OidcLogin;
import dev.drawbridge.identity.oidc.OidcProvider;
import dev.drawbridge.identity.oidc.PendingLogin;
import dev.drawbridge.identity.session.SessionCookies;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.identity.session.UserSession;
import dev.drawbridge.store.PendingCeremonyRepository;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /.drawbridge/login}, {@code /callback} and {@code /logout}. The state is one-time and
 * server-side, and bound to the browser by a short-lived login cookie; the redirect URI is the
 * callback on the host the user is on, built from {@code public_url} ({@link
 * Redirects#callbackUri}).
 */
final class OidcRoutes {
  static final Duration LOGIN_TTL = Duration.ofMinutes(10);

  private final Map<String, OidcProvider> providers;
  private final boolean localUsers;
  private final SessionManager sessions;
  private final Redirects redirects;
  private final LoginAudit audit;
  private final Clock clock;

  /** Sign-ins in progress at once, and per client (address or IPv6 /64); see OneTimeStore. */
  static final int MAX_PENDING = 100_000;

  static final int MAX_PENDING_PER_CLIENT = 1_000;
  private final OneTimeValues<PendingLogin> pending;
  private final Handoff handoff;

  /** The WebAuthn relying-party id, null without security-key sign-in. */
  private final String rpId;

  OidcRoutes(
      Map<String, OidcProvider> providers,
      boolean localUsers,
      SessionManager sessions,
      Redirects redirects,
      LoginAudit audit,
      Clock clock,
      PendingCeremonyRepository shared,
      Handoff handoff,
      String rpId) {
    this.handoff = handoff;
    this.rpId = rpId;
    this.pending =
        OneTimeValues.create(
            shared,
            "pending sign-ins",
            "oidc_login",
            LOGIN_TTL,
            MAX_PENDING,
            MAX_PENDING_PER_CLIENT,
            PendingLoginCodec.INSTANCE);
    this.providers = providers;
    this.localUsers = localUsers;
    this.sessions = sessions;
    this.redirects = redirects;
    this.audit = audit;
    this.clock = clock;
  }

  static String loginCookieName(boolean tls) {
    return tls ? ReservedCookies.LOGIN_TLS : ReservedCookies.LOGIN_PLAIN;
  }

  FullHttpResponse login(RequestContext rc, FullHttpRequest req) {
    String rd = redirects.validate(Http.param(req, "rd"), rc);
    if (rd == null) {
      return Pages.message(400, "Sign in", "The return address is not allowed.");
    }
    if (sessions.live(rc.headers(), rc.secure(), clock.instant()).isPresent()) {
      // Already signed in: typically through another gateway a moment ago (scale-out), which the
      // gateway that sent the browser here had not learnt yet. Back to where the user was going
      // (through the handoff when that is another host, whose cookie this one cannot set).
      String cookie = handoff.liveCookie(rc);
      String next = cookie == null ? null : handoff.next(rd, cookie, rc);
      return Http.redirect(next == null ? rd : next);
    }
    // A security key cannot sign in on this host (rp_id does not serve it): on public_url.
    String keyUrl = localUsers && rpId != null ? redirects.keySignInElsewhere(rc, rd, rpId) : null;
    String chosen = Http.param(req, "provider");
    if (chosen == null && providers.size() == 1 && !localUsers) {
      chosen = providers.keySet().iterator().next();
    }
    if (chosen == null && providers.isEmpty() && keyUrl != null) {
      return Http.redirect(keyUrl);
    }
    if (chosen == null) {
      List<Pages.Choice> choices = new ArrayList<>();
      for (String id : providers.keySet()) {
        choices.add(
            new Pages.Choice(
                id,
                "/.drawbridge/login?provider=" + Redirects.enc(id) + "&rd=" + Redirects.enc(rd)));
      }
      return Pages.login(
          choices, localUsers ? (keyUrl == null ? "" : keyUrl) : null, rd, Pages.appName(rc, rd));
    }
    OidcProvider p = providers.get(chosen);
    if (p == null) {
      return Pages.message(404, "Sign in", "Unknown identity provider.");
    }
    Instant now = clock.instant();
    String binding = SessionCookies.newValue();
    OidcLogin.Start start;
    try {
      start = OidcLogin.begin(p, redirects.callbackUri(rc), rd, binding, now);
    } catch (LoginFailure f) {
      audit.deny(rc, null, p.id(), f.reason(), f.getMessage());
      return Pages.message(503, "Sign in", "The identity provider is unavailable. Try again.");
    }
    switch (pending.put(start.state(), start.pending(), rc.clientIp(), now)) {
      case FULL -> {
        return Pages.message(503, "Sign in", "Too many sign-ins in progress. Try again.");
      }
      case UNAVAILABLE -> {
        return Pages.message(503, "Sign in", "Signing in is unavailable. Try again.");
      }
      case CLIENT_LIMIT -> {
        return Pages.message(
            429, "Sign in", "Too many sign-ins in progress from your address. Try again later.");
      }
      case STORED -> {}
    }
    return Http.withCookies(
        Http.redirect(start.authorizationUri().toString()),
        SessionCookies.cookie(loginCookieName(rc.secure()), binding, rc.secure(), "/", LOGIN_TTL));
  }

  FullHttpResponse callback(RequestContext rc, FullHttpRequest req) {
    Instant now = clock.instant();
    PendingLogin p = pending.take(Http.param(req, "state"), now);
    String cookie = SessionCookies.value(rc.headers(), loginCookieName(rc.secure()));
    if (p == null
        || cookie == null
        || !MessageDigest.isEqual(
            cookie.getBytes(StandardCharsets.UTF_8),
            p.browserBinding().getBytes(StandardCharsets.UTF_8))) {
      audit.deny(
          rc,
          null,
          p == null ? null : p.providerId(),
          "state_mismatch",
          "unknown, expired, replayed or foreign state");
      return failed();
    }
    OidcProvider provider = providers.get(p.providerId());
    String error = Http.param(req, "error");
    String code = Http.param(req, "code");
    if (provider == null || error != null || code == null) {
      audit.deny(rc, null, p.providerId(), "idp_error", "provider answered " + error);
      return failed();
    }
    LoginResult r;
    try {
      r = OidcLogin.complete(provider, p, code, now);
    } catch (LoginFailure f) {
      audit.deny(rc, null, p.providerId(), f.reason(), f.getMessage());
      return "email_not_verified".equals(f.reason()) ? unverifiedEmail() : failed();
    }
    SessionManager.NewSession s =
        sessions.create(
            r.email(), r.groups(), r.providerId(), r.amr(), clock.instant(), r.sid(), r.subject());
    audit.allow("login", rc, r.email(), r.providerId(), r.amr(), "authenticated");
    String next = handoff.next(p.rd(), s.cookieValue(), rc);
    return Http.withCookies(
        Http.redirect(next == null ? p.rd() : next),
        SessionCookies.set(s.cookieValue(), rc.secure(), sessions.config().lifetime()),
        SessionCookies.cookie(loginCookieName(rc.secure()), "", rc.secure(), "/", Duration.ZERO));
  }

  /**
   * GET (or HEAD) only shows a page whose form POSTs here, so that another site cannot sign users
   * out with a link or an image; POST, from this origin, ends the session.
   */
  FullHttpResponse logout(RequestContext rc, FullHttpRequest req) {
    if (!"POST".equals(rc.method())) {
      String asked = Http.param(req, "rd");
      String rd = asked == null ? null : redirects.validate(asked, rc);
      return Pages.logout("/.drawbridge/logout" + (rd == null ? "" : "?rd=" + Redirects.enc(rd)));
    }
    if (!Http.sameOrigin(rc)) {
      return Pages.message(403, "Sign-out refused", "Sign-out must come from this site.");
    }
    Optional<UserSession> s = sessions.logout(rc.headers(), rc.secure());
    s.ifPresent(u -> audit.allow("logout", rc, u.email(), u.idp(), u.amr(), "logout"));
    String rd = redirects.validate(Http.param(req, "rd"), rc);
    FullHttpResponse r =
        Http.param(req, "rd") != null && rd != null
            ? Http.redirect(rd)
            : Pages.message(200, "Signed out", "You are signed out.");
    return Http.withCookies(r, SessionCookies.clear(rc.secure()));
  }

  private static FullHttpResponse failed() {
    return Pages.message(
        403, "Sign-in failed", "Sign-in did not complete. Go back to the application to retry.");
  }

  /** The one refusal the user can act on: the provider has not verified their address. */
  private static FullHttpResponse unverifiedEmail() {
    return Pages.message(
        403,
        "Sign-in refused",
        "Your identity provider has not confirmed that the e-mail address of your account is"
            + " verified, so it cannot be used to sign in. Verify the address with your identity"
            + " provider, or ask your administrator.");
  }
}
