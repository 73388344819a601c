package dev.drawbridge.identity.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.store.Store;
import dev.drawbridge.testkit.MutableClock;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionManagerTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  final IdentityConfig.Session cfg =
      new IdentityConfig.Session(Duration.ofHours(8), Duration.ofHours(1));
  Store store;
  SessionManager sessions;

  @BeforeEach
  void open() {
    store = Store.open(null, dir, clock);
    sessions = manager();
    sessions.load();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SessionManager manager() {
    return new SessionManager(store.sessions(), store.changes(), cfg, clock);
  }

  private static HttpHeaders cookie(String value) {
    return new DefaultHttpHeaders().add("cookie", "other=1; drawbridge_session=" + value);
  }

  private SessionManager.NewSession ana(String idp) {
    return sessions.create(
        "ana@corp.example", List.of("engineering"), idp, List.of("pwd"), clock.instant());
  }

  @Test
  void findsTheSessionOfAValidCookie() {
    var s = ana("okta");
    SessionCheck c = sessions.check(cookie(s.cookieValue()), false, clock.instant());
    assertThat(c.session()).contains(s.session());
    assertThat(s.session().id()).isEqualTo(SessionCookies.idOf(s.cookieValue()));
    assertThat(s.session().id()).doesNotContain(s.cookieValue());
  }

  @Test
  void tamperedOrMissingCookieIsNoSession() {
    var s = ana("okta");
    String v = s.cookieValue();
    String tampered = (v.charAt(0) == 'A' ? "B" : "A") + v.substring(1);
    assertThat(sessions.check(cookie(tampered), false, clock.instant()).reason())
        .isEqualTo(SessionCheck.INVALID);
    assertThat(sessions.check(cookie("short"), false, clock.instant()).reason())
        .isEqualTo(SessionCheck.INVALID);
    assertThat(sessions.check(new DefaultHttpHeaders(), false, clock.instant()).reason())
        .isEqualTo(SessionCheck.NO_SESSION);
  }

  @Test
  void endsAtItsLifetimeEvenWhenActive() {
    var s = ana("okta");
    for (int i = 0; i < 15; i++) {
      clock.advance(Duration.ofMinutes(30));
      assertThat(sessions.authenticate(cookie(s.cookieValue()), false, clock.instant()))
          .isPresent();
    }
    clock.advance(Duration.ofMinutes(30));
    assertThat(sessions.check(cookie(s.cookieValue()), false, clock.instant()).reason())
        .isEqualTo(SessionCheck.EXPIRED);
  }

  @Test
  void endsAfterTheIdleTimeout() {
    var s = ana("okta");
    clock.advance(Duration.ofMinutes(59));
    assertThat(sessions.authenticate(cookie(s.cookieValue()), false, clock.instant())).isPresent();
    clock.advance(Duration.ofMinutes(59));
    assertThat(sessions.authenticate(cookie(s.cookieValue()), false, clock.instant())).isPresent();
    clock.advance(Duration.ofMinutes(61));
    assertThat(sessions.check(cookie(s.cookieValue()), false, clock.instant()).reason())
        .isEqualTo(SessionCheck.IDLE);
  }

  @Test
  void revokeEndsTheSessionAtOnce() {
    var s = ana("okta");
    assertThat(sessions.revoke(s.session().id())).isTrue();
    assertThat(sessions.authenticate(cookie(s.cookieValue()), false, clock.instant())).isEmpty();
    assertThat(store.sessions().find(s.session().id()).get().revokedAt()).isNotNull();
  }

  @Test
  void revokeByIdpEndsOnlyThatProvidersSessions() {
    var okta = ana("okta");
    var local = ana("local");
    assertThat(sessions.revokeByIdp("OKTA")).containsExactly(okta.session().id());
    assertThat(sessions.authenticate(cookie(okta.cookieValue()), false, clock.instant())).isEmpty();
    assertThat(sessions.authenticate(cookie(local.cookieValue()), false, clock.instant()))
        .isPresent();
  }

  @Test
  void anotherProcessSeesARevocationAfterRefresh() {
    var s = ana("okta");
    SessionManager other = manager();
    other.load();
    assertThat(other.authenticate(cookie(s.cookieValue()), false, clock.instant())).isPresent();
    sessions.revoke(s.session().id());
    other.refresh();
    assertThat(other.authenticate(cookie(s.cookieValue()), false, clock.instant())).isEmpty();
  }

  @Test
  void anotherProcessSeesANewSessionAfterRefresh() {
    SessionManager other = manager();
    other.load();
    var s = ana("okta");
    assertThat(other.authenticate(cookie(s.cookieValue()), false, clock.instant())).isEmpty();
    other.refresh();
    assertThat(other.authenticate(cookie(s.cookieValue()), false, clock.instant())).isPresent();
  }

  @Test
  void stepUpReplacesTheSessionKeepingItsExpiry() {
    var s = ana("okta");
    clock.advance(Duration.ofMinutes(10));
    var up = sessions.elevate(s.session(), "hwk", clock.instant());
    assertThat(up.session().amr()).containsExactly("pwd", "hwk");
    assertThat(up.session().expiresAt()).isEqualTo(s.session().expiresAt());
    assertThat(sessions.authenticate(cookie(s.cookieValue()), false, clock.instant())).isEmpty();
    assertThat(sessions.authenticate(cookie(up.cookieValue()), false, clock.instant())).isPresent();
  }

  @Test
  void persistsActivitySoARestartKeepsTheIdleClock() {
    var s = ana("okta");
    clock.advance(Duration.ofMinutes(50));
    sessions.authenticate(cookie(s.cookieValue()), false, clock.instant());
    sessions.refresh();
    SessionManager restarted = manager();
    clock.advance(Duration.ofMinutes(50));
    restarted.load();
    assertThat(restarted.authenticate(cookie(s.cookieValue()), false, clock.instant())).isPresent();
  }

  @Test
  void underTlsOnlyTheHostPrefixedCookieCountsNotThePlainOneASiblingSubdomainCouldSet() {
    var s = ana("okta");
    HttpHeaders plainOnly = cookie(s.cookieValue());
    assertThat(SessionCookies.find(plainOnly, true)).isNull();
    assertThat(sessions.check(plainOnly, true, clock.instant()).reason())
        .isEqualTo(SessionCheck.NO_SESSION);
    assertThat(sessions.logout(plainOnly, true)).isEmpty();
    assertThat(sessions.check(plainOnly, false, clock.instant()).session()).isPresent();
  }

  @Test
  void underTlsTheHostPrefixedCookieIsFoundEvenBehindAPlantedPlainOne() {
    var s = ana("okta");
    HttpHeaders both =
        new DefaultHttpHeaders()
            .add("cookie", "drawbridge_session=" + "A".repeat(43))
            .add("cookie", "a=1; __Host-drawbridge=" + s.cookieValue());
    assertThat(SessionCookies.find(both, true)).isEqualTo(s.cookieValue());
    assertThat(sessions.check(both, true, clock.instant()).session()).contains(s.session());
  }

  @Test
  void overPlainHttpOnlyThePlainCookieCounts() {
    var s = ana("okta");
    HttpHeaders plain = cookie(s.cookieValue());
    assertThat(SessionCookies.find(plain, false)).isEqualTo(s.cookieValue());
    HttpHeaders tlsOnly =
        new DefaultHttpHeaders().add("cookie", "__Host-drawbridge=" + s.cookieValue());
    assertThat(SessionCookies.find(tlsOnly, false)).isNull();
    assertThat(sessions.logout(plain, false)).contains(s.session());
  }

  @Test
  void cookieAttributesFollowTheTransport() {
    assertThat(SessionCookies.set("v", true, Duration.ofHours(8)))
        .startsWith("__Host-drawbridge=v; Path=/")
        .contains("HttpOnly", "SameSite=Lax", "Secure");
    assertThat(SessionCookies.set("v", false, Duration.ofHours(8)))
        .startsWith("drawbridge_session=v; Path=/")
        .contains("HttpOnly", "SameSite=Lax")
        .doesNotContain("Secure");
  }

  /**
   * Scale-out: a session another gateway created a moment ago, before this one's refresh: the first
   * request is refused and starts a background lookup; the next one finds it. A revoked session is
   * never loaded this way, and {@code live} (the login endpoint) reads the store at once.
   */
  @Test
  void aSessionCreatedElsewhereIsLookedUpInTheBackgroundAndKnownFromTheNextRequest() {
    List<Runnable> queued = new java.util.ArrayList<>();
    SessionManager other =
        new SessionManager(store.sessions(), store.changes(), cfg, clock, queued::add);
    other.load();
    var s = ana("okta");
    HttpHeaders h = cookie(s.cookieValue());

    assertThat(other.check(h, false, clock.instant()).reason()).isEqualTo(SessionCheck.INVALID);
    assertThat(other.check(h, false, clock.instant()).session()).isEmpty();
    assertThat(queued).as("one lookup per unknown id at a time").hasSize(1);
    queued.remove(0).run();
    assertThat(other.check(h, false, clock.instant()).session()).contains(s.session());

    var revoked = ana("okta");
    sessions.revoke(revoked.session().id());
    HttpHeaders r = cookie(revoked.cookieValue());
    other.check(r, false, clock.instant());
    queued.remove(0).run();
    assertThat(other.check(r, false, clock.instant()).session()).isEmpty();
    assertThat(other.live(r, false, clock.instant())).isEmpty();

    var third = ana("okta");
    SessionManager noLookups = manager();
    noLookups.load();
    assertThat(noLookups.live(cookie(third.cookieValue()), false, clock.instant()))
        .contains(third.session());
    assertThat(noLookups.check(cookie(third.cookieValue()), false, clock.instant()).session())
        .contains(third.session());
    assertThat(noLookups.live(cookie("x".repeat(43)), false, clock.instant())).isEmpty();
  }

  @Test
  void bogusCookiesStartAtMostTheLookupsOfOneSecond() {
    List<Runnable> queued = new java.util.ArrayList<>();
    SessionManager other =
        new SessionManager(store.sessions(), store.changes(), cfg, clock, queued::add);
    for (int i = 0; i < 1000; i++) {
      other.check(cookie(String.format("%043d", i)), false, clock.instant());
    }
    assertThat(queued).hasSize(SessionManager.MAX_LOOKUPS_PER_SECOND);
    clock.advance(Duration.ofSeconds(1));
    other.check(cookie("y".repeat(43)), false, clock.instant());
    assertThat(queued).hasSize(SessionManager.MAX_LOOKUPS_PER_SECOND + 1);
  }
}
