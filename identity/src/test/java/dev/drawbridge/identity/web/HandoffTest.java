package dev.drawbridge.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.store.Store;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session handoff from public_url's host to an application host: the code works once, only on
 * the host it was made for, and sets that host's cookie to the session signed in on the first.
 */
class HandoffTest {
  @TempDir Path dir;

  private static RequestContext on(String host) throws Exception {
    DefaultHttpHeaders h = new DefaultHttpHeaders();
    h.set("host", host + ":8080");
    return new RequestContext(
        "req-1",
        System.nanoTime(),
        System.currentTimeMillis(),
        null,
        host,
        "GET",
        "/.drawbridge/handoff",
        null,
        h,
        InetAddress.getByName("127.0.0.1"),
        "127.0.0.1",
        false,
        false,
        false,
        "test");
  }

  private static FullHttpRequest get(String uri) {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  @Test
  void aCodeWorksOnceAndOnlyOnTheHostItWasMadeFor() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Store store = Store.open(null, dir, clock)) {
      SessionManager sessions =
          new SessionManager(
              store.sessions(),
              store.changes(),
              new IdentityConfig.Session(Duration.ofHours(8), Duration.ofHours(1)),
              clock);
      Redirects redirects =
          new Redirects(
              Set.of("wiki.localhost", "git.localhost"), URI.create("http://localhost:8080"));
      Handoff handoff = new Handoff(sessions, redirects, clock, null);
      SessionManager.NewSession s =
          sessions.create(
              "ana@example.com", List.of("engineering"), "local", List.of("hwk"), clock.instant());

      String rd = "http://wiki.localhost:8080/page";
      assertThat(handoff.next("/here", s.cookieValue(), on("localhost"))).isEqualTo("/here");
      String next = handoff.next(rd, s.cookieValue(), on("localhost"));
      assertThat(next).startsWith("http://wiki.localhost:8080/.drawbridge/handoff?code=");
      String pathAndQuery = next.substring("http://wiki.localhost:8080".length());

      FullHttpResponse elsewhere = handoff.redeem(on("git.localhost"), get(pathAndQuery));
      assertThat(elsewhere.status().code()).isEqualTo(403);

      String next2 = handoff.next(rd, s.cookieValue(), on("localhost"));
      String pq2 = next2.substring("http://wiki.localhost:8080".length());
      FullHttpResponse ok = handoff.redeem(on("wiki.localhost"), get(pq2));
      assertThat(ok.status().code()).isEqualTo(302);
      assertThat(ok.headers().get("location")).isEqualTo(rd);
      assertThat(ok.headers().get("set-cookie"))
          .startsWith("drawbridge_session=" + s.cookieValue() + ";")
          .contains("HttpOnly");

      FullHttpResponse again = handoff.redeem(on("wiki.localhost"), get(pq2));
      assertThat(again.status().code()).isEqualTo(403);
    }
  }
}
