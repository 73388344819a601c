package dev.drawbridge.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.store.Store;
import dev.drawbridge.testkit.MutableClock;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliLoginRouteTest {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
  Store store;
  SessionManager sessions;
  CliLoginRoute route;

  @BeforeEach
  void open() {
    store = Store.open(null, dir, clock);
    sessions =
        new SessionManager(
            store.sessions(),
            store.changes(),
            new IdentityConfig.Session(Duration.ofHours(8), Duration.ofHours(1)),
            clock);
    sessions.load();
    route = new CliLoginRoute(sessions, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  FullHttpResponse get(String uri, String cookie) throws Exception {
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    req.headers().set("host", "access.test");
    if (cookie != null) {
      req.headers().set("cookie", cookie);
    }
    String path = uri.substring(0, uri.indexOf('?'));
    RequestContext rc =
        new RequestContext(
            "req-1",
            0,
            0,
            null,
            "access.test",
            "GET",
            path,
            uri.substring(uri.indexOf('?') + 1),
            req.headers(),
            InetAddress.getLoopbackAddress(),
            "127.0.0.1",
            false,
            false,
            false,
            "test");
    return route.handle(rc, req);
  }

  static final String URI = "/.drawbridge/cli-login?port=41234&state=abcdefghijklmnop0123456789";

  @Test
  void withoutASessionSendsTheBrowserToSignInAndBackHere() throws Exception {
    FullHttpResponse r = get(URI, null);
    assertThat(r.status().code()).isEqualTo(302);
    assertThat(r.headers().get("location"))
        .startsWith("/.drawbridge/login?rd=")
        .contains("cli-login");
  }

  @Test
  void withASessionAsksToConfirmAndPostsOnlyToTheCliLoopbackPort() throws Exception {
    var s =
        sessions.create(
            "ana@corp.example", List.of("ops"), "okta", List.of("pwd"), clock.instant());
    FullHttpResponse r = get(URI, "drawbridge_session=" + s.cookieValue());
    assertThat(r.status().code()).isEqualTo(200);
    String html = r.content().toString(StandardCharsets.UTF_8);
    assertThat(html)
        .contains("action=\"http://127.0.0.1:41234/callback\"")
        .contains("value=\"abcdefghijklmnop0123456789\"")
        .contains("value=\"drawbridge_session=" + s.cookieValue() + "\"")
        .contains("ana@corp.example");
    assertThat(r.headers().get("content-security-policy"))
        .contains("form-action http://127.0.0.1:41234/callback")
        .contains("frame-ancestors 'none'");
  }

  @Test
  void refusesABadPortOrState() throws Exception {
    assertThat(get("/.drawbridge/cli-login?port=0&state=abcdefghijklmnop", null).status().code())
        .isEqualTo(400);
    assertThat(get("/.drawbridge/cli-login?port=4000&state=short", null).status().code())
        .isEqualTo(400);
  }
}
