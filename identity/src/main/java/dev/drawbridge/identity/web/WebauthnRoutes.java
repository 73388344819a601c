package dev.drawbridge.identity.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.oidc.LoginFailure;
import dev.drawbridge.identity.session.SessionCookies;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.identity.session.UserSession;
import dev.drawbridge.identity.webauthn.Ceremonies;
import dev.drawbridge.identity.webauthn.Invites;
import dev.drawbridge.identity.webauthn.LocalUsers;
import dev.drawbridge.store.Invite;
import dev.drawbridge.store.PendingCeremonyRepository;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /.drawbridge/webauthn/…}: enrolment by invite, login with a security key (AMR {@code hwk},
 * idp {@code local}) and step-up. Challenges are server-side and one-time; POSTs must be JSON from
 * the same origin.
 */
final class WebauthnRoutes {
  static final String LOCAL_IDP = "local";
  static final String HWK = "hwk";
  private static final Duration CEREMONY_TTL = Duration.ofMinutes(5);
  static final int MAX_REGISTRATIONS = 10_000;
  static final int MAX_ASSERTIONS = 100_000;

  /** Ceremonies in progress that one client (address or IPv6 /64) may hold in each store. */
  static final int MAX_PER_CLIENT = 1_000;

  private record Registration(String token, String email, PublicKeyCredentialCreationOptions o) {}

  private record Assertion(AssertionRequest request, String sessionId) {}

  /** For a shared store: the invite token, the email and the options as Yubico writes them. */
  static final SharedOneTimeValues.Codec<Registration> REGISTRATION_CODEC =
      new SharedOneTimeValues.Codec<>() {
        @Override
        public String write(Registration r) throws IOException {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("token", r.token());
          m.put("email", r.email());
          m.put("options", r.o().toJson());
          return JSONObjectUtils.toJSONString(m);
        }

        @Override
        public Registration read(String text) throws IOException {
          Map<String, Object> m = SharedOneTimeValues.Codec.object(text);
          return new Registration(
              SharedOneTimeValues.Codec.string(m, "token"),
              SharedOneTimeValues.Codec.string(m, "email"),
              PublicKeyCredentialCreationOptions.fromJson(
                  SharedOneTimeValues.Codec.string(m, "options")));
        }
      };

  /** For a shared store: the request as Yubico writes it, and the session stepping up (or null). */
  static final SharedOneTimeValues.Codec<Assertion> ASSERTION_CODEC =
      new SharedOneTimeValues.Codec<>() {
        @Override
        public String write(Assertion a) throws IOException {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("request", a.request().toJson());
          m.put("session", a.sessionId());
          return JSONObjectUtils.toJSONString(m);
        }

        @Override
        public Assertion read(String text) throws IOException {
          Map<String, Object> m = SharedOneTimeValues.Codec.object(text);
          return new Assertion(
              AssertionRequest.fromJson(SharedOneTimeValues.Codec.string(m, "request")),
              SharedOneTimeValues.Codec.string(m, "session"));
        }
      };

  private final Ceremonies ceremonies;
  private final Invites invites;
  private final LocalUsers users;
  private final SessionManager sessions;
  private final Redirects redirects;
  private final LoginAudit audit;
  private final Clock clock;
  private final OneTimeValues<Registration> registrations;
  private final OneTimeValues<Assertion> assertions;

  /** Hands a session signed in here to the application host of {@code rd}; null: none. */
  private Handoff handoff;

  WebauthnRoutes(
      Ceremonies ceremonies,
      Invites invites,
      LocalUsers users,
      SessionManager sessions,
      Redirects redirects,
      LoginAudit audit,
      Clock clock,
      PendingCeremonyRepository shared,
      Handoff handoff) {
    this(ceremonies, invites, users, sessions, redirects, audit, clock, shared, MAX_REGISTRATIONS);
    this.handoff = handoff;
  }

  /** {@code maxRegistrations}: enrolments in progress at once; beyond it, start answers 503. */
  WebauthnRoutes(
      Ceremonies ceremonies,
      Invites invites,
      LocalUsers users,
      SessionManager sessions,
      Redirects redirects,
      LoginAudit audit,
      Clock clock,
      PendingCeremonyRepository shared,
      int maxRegistrations) {
    this.registrations =
        OneTimeValues.create(
            shared,
            "pending enrolments",
            "webauthn_registration",
            CEREMONY_TTL,
            maxRegistrations,
            Math.min(maxRegistrations, MAX_PER_CLIENT),
            REGISTRATION_CODEC);
    this.assertions =
        OneTimeValues.create(
            shared,
            "pending security-key sign-ins",
            "webauthn_assertion",
            CEREMONY_TTL,
            MAX_ASSERTIONS,
            MAX_PER_CLIENT,
            ASSERTION_CODEC);
    this.ceremonies = ceremonies;
    this.invites = invites;
    this.users = users;
    this.sessions = sessions;
    this.redirects = redirects;
    this.audit = audit;
    this.clock = clock;
  }

  FullHttpResponse handle(String sub, RequestContext rc, FullHttpRequest req) {
    boolean post = "POST".equals(rc.method());
    if (!post) {
      return switch (sub) {
        case "enroll" -> enrollPage(req);
        case "login" -> loginPage(rc, req);
        case "stepup" -> stepUpPage(rc, req);
        default -> null;
      };
    }
    if (!Http.sameOrigin(rc)) {
      return Http.jsonError(403, "cross_origin");
    }
    Map<String, Object> body = Http.jsonBody(req);
    if (body == null) {
      return Http.jsonError(400, "expected_json");
    }
    return switch (sub) {
      case "register/start" -> registerStart(rc, body);
      case "register/finish" -> registerFinish(rc, body);
      case "login/start" -> assertionStart(rc, null, null);
      case "login/finish" -> loginFinish(rc, body);
      case "stepup/start" -> stepUpStart(rc);
      case "stepup/finish" -> stepUpFinish(rc, body);
      default -> null;
    };
  }

  private FullHttpResponse enrollPage(FullHttpRequest req) {
    String token = Http.param(req, "token");
    Optional<Invite> i = invites.peek(token);
    if (i.isEmpty()) {
      return Pages.message(
          410, "Enrolment link", "This enrolment link is invalid, expired or already used.");
    }
    return Pages.enroll(i.get().email(), token);
  }

  private FullHttpResponse loginPage(RequestContext rc, FullHttpRequest req) {
    String rd = redirects.validate(Http.param(req, "rd"), rc);
    if (rd == null) {
      return Pages.message(400, "Sign in", "The return address is not allowed.");
    }
    if (handoff != null && Handoff.otherHost(rd, rc) != null) {
      String cookie = handoff.liveCookie(rc);
      if (cookie != null) {
        // Signed in here already (another application a moment ago): on to this one.
        String next = handoff.next(rd, cookie, rc);
        if (next != null) {
          return Http.redirect(next);
        }
      }
    }
    return Pages.login(List.of(), "", rd, Pages.appName(rc, rd));
  }

  private FullHttpResponse stepUpPage(RequestContext rc, FullHttpRequest req) {
    String rd = redirects.validate(Http.param(req, "rd"), rc);
    if (rd == null) {
      return Pages.message(400, "Security key", "The return address is not allowed.");
    }
    Optional<UserSession> s = sessions.authenticate(rc.headers(), rc.secure(), clock.instant());
    if (s.isEmpty()) {
      return Http.redirect("/.drawbridge/login?rd=" + Redirects.enc(rc.externalUrl()));
    }
    return Pages.stepUp(s.get().email(), rd);
  }

  private FullHttpResponse registerStart(RequestContext rc, Map<String, Object> body) {
    String token = Http.string(body, "token");
    Optional<Invite> i = invites.peek(token);
    if (i.isEmpty()) {
      return Http.jsonError(410, "invite_invalid");
    }
    PublicKeyCredentialCreationOptions o = ceremonies.startRegistration(i.get().email());
    String id = SessionCookies.newValue();
    FullHttpResponse refused =
        refusal(
            registrations.put(
                id, new Registration(token, i.get().email(), o), rc.clientIp(), clock.instant()));
    if (refused != null) {
      return refused;
    }
    try {
      return Http.json(
          200, "{\"ceremony\":" + Http.q(id) + ",\"options\":" + o.toCredentialsCreateJson() + "}");
    } catch (Exception e) {
      throw new IllegalStateException("cannot serialize creation options", e);
    }
  }

  private FullHttpResponse registerFinish(RequestContext rc, Map<String, Object> body) {
    Registration r = registrations.take(Http.string(body, "ceremony"), clock.instant());
    String credential = credentialJson(body);
    if (r == null || credential == null) {
      audit.deny(rc, null, LOCAL_IDP, "state_mismatch", "unknown or replayed registration");
      return Http.jsonError(400, "state_mismatch");
    }
    RegistrationResult result;
    try {
      result = ceremonies.finishRegistration(r.o(), credential);
    } catch (LoginFailure f) {
      audit.deny(rc, r.email(), LOCAL_IDP, f.reason(), f.getMessage());
      return Http.jsonError(403, f.reason());
    }
    Optional<Invite> invite = invites.peek(r.token());
    if (invite.isEmpty() || !invites.redeem(r.token())) {
      audit.deny(rc, r.email(), LOCAL_IDP, "invite_invalid", "invite used or expired meanwhile");
      return Http.jsonError(410, "invite_invalid");
    }
    ceremonies.store(r.email(), result);
    users.put(r.email(), invite.get().groups());
    audit.allow("enrol", rc, r.email(), LOCAL_IDP, List.of(HWK), "key_registered");
    return Http.json(200, "{\"ok\":true,\"next\":\"/.drawbridge/login\"}");
  }

  private FullHttpResponse assertionStart(RequestContext rc, String email, String sessionId) {
    AssertionRequest a = ceremonies.startAssertion(email);
    String id = SessionCookies.newValue();
    FullHttpResponse refused =
        refusal(assertions.put(id, new Assertion(a, sessionId), rc.clientIp(), clock.instant()));
    if (refused != null) {
      return refused;
    }
    try {
      return Http.json(
          200, "{\"ceremony\":" + Http.q(id) + ",\"options\":" + a.toCredentialsGetJson() + "}");
    } catch (Exception e) {
      throw new IllegalStateException("cannot serialize assertion options", e);
    }
  }

  private FullHttpResponse loginFinish(RequestContext rc, Map<String, Object> body) {
    String rd = redirects.validate(Http.string(body, "rd"), rc);
    Assertion a = assertions.take(Http.string(body, "ceremony"), clock.instant());
    String credential = credentialJson(body);
    if (a == null || credential == null || a.sessionId() != null) {
      audit.deny(rc, null, LOCAL_IDP, "state_mismatch", "unknown or replayed challenge");
      return Http.jsonError(400, "state_mismatch");
    }
    if (rd == null) {
      return Http.jsonError(400, "bad_redirect");
    }
    String email;
    try {
      email = ceremonies.finishAssertion(a.request(), credential);
    } catch (LoginFailure f) {
      audit.deny(rc, null, LOCAL_IDP, f.reason(), f.getMessage());
      return Http.jsonError(403, f.reason());
    }
    List<String> groups = users.groups(email).orElse(List.of());
    List<String> amr = List.of(HWK);
    SessionManager.NewSession s = sessions.create(email, groups, LOCAL_IDP, amr, clock.instant());
    audit.allow("login", rc, email, LOCAL_IDP, amr, "authenticated");
    String next = handoff == null ? rd : handoff.next(rd, s.cookieValue(), rc);
    if (next == null) {
      return Http.jsonError(503, "busy");
    }
    return Http.withCookies(
        Http.json(200, "{\"ok\":true,\"next\":" + Http.q(next) + "}"),
        SessionCookies.set(s.cookieValue(), rc.secure(), sessions.config().lifetime()));
  }

  private FullHttpResponse stepUpStart(RequestContext rc) {
    Optional<UserSession> s = sessions.authenticate(rc.headers(), rc.secure(), clock.instant());
    if (s.isEmpty()) {
      return Http.jsonError(401, "unauthenticated");
    }
    if (!ceremonies.hasKey(s.get().email())) {
      audit.deny(rc, s.get().email(), s.get().idp(), "no_security_key", "no key registered");
      return Http.jsonError(403, "no_security_key");
    }
    return assertionStart(rc, s.get().email(), s.get().id());
  }

  private FullHttpResponse stepUpFinish(RequestContext rc, Map<String, Object> body) {
    Instant now = clock.instant();
    Optional<UserSession> s = sessions.authenticate(rc.headers(), rc.secure(), now);
    Assertion a = assertions.take(Http.string(body, "ceremony"), now);
    String credential = credentialJson(body);
    String rd = redirects.validate(Http.string(body, "rd"), rc);
    if (s.isEmpty()) {
      return Http.jsonError(401, "unauthenticated");
    }
    UserSession u = s.get();
    if (a == null || credential == null || !u.id().equals(a.sessionId())) {
      audit.deny(rc, u.email(), u.idp(), "state_mismatch", "unknown or replayed challenge");
      return Http.jsonError(400, "state_mismatch");
    }
    if (rd == null) {
      return Http.jsonError(400, "bad_redirect");
    }
    String email;
    try {
      email = ceremonies.finishAssertion(a.request(), credential);
    } catch (LoginFailure f) {
      audit.deny(rc, u.email(), u.idp(), f.reason(), f.getMessage());
      return Http.jsonError(403, f.reason());
    }
    if (!email.equalsIgnoreCase(u.email())) {
      audit.deny(rc, u.email(), u.idp(), "unknown_credential", "key belongs to another user");
      return Http.jsonError(403, "unknown_credential");
    }
    SessionManager.NewSession next = sessions.elevate(u, HWK, now);
    List<String> amr = new ArrayList<>(next.session().amr());
    audit.allow("login", rc, u.email(), u.idp(), amr, "step_up");
    return Http.withCookies(
        Http.json(200, "{\"ok\":true,\"next\":" + Http.q(rd) + "}"),
        SessionCookies.set(
            next.cookieValue(), rc.secure(), Duration.between(now, next.session().expiresAt())));
  }

  @SuppressWarnings("unchecked")
  private static String credentialJson(Map<String, Object> body) {
    Object c = body.get("credential");
    return c instanceof Map<?, ?> m ? JSONObjectUtils.toJSONString((Map<String, ?>) m) : null;
  }

  /** Null when stored; otherwise 503 (store full) or 429 (this client holds its share). */
  private static FullHttpResponse refusal(OneTimeValues.Put put) {
    return switch (put) {
      case STORED -> null;
      case FULL -> Http.jsonError(503, "busy");
      case UNAVAILABLE -> Http.jsonError(503, "unavailable");
      case CLIENT_LIMIT -> Http.jsonError(429, "too_many_in_progress");
    };
  }
}
