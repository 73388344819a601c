package dev.drawbridge.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.webauthn.Ceremonies;
import dev.drawbridge.identity.webauthn.Invites;
import dev.drawbridge.identity.webauthn.StoreCredentialRepository;
import dev.drawbridge.store.Store;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WebauthnRoutes} without a gateway, with a small pending-enrolment store. */
class WebauthnRoutesTest {
  @TempDir Path dir;

  @Test
  void fullEnrolmentStoreAnswers503BeforeTheKeyIsAskedNotStateMismatchAfter() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Store store = Store.open(null, dir, clock)) {
      URI publicUrl = URI.create("http://localhost:8080");
      Invites invites = new Invites(store.invites(), publicUrl, clock);
      Ceremonies ceremonies =
          new Ceremonies(
              new IdentityConfig.Webauthn("localhost", "Drawbridge", "none", List.of(), List.of()),
              new StoreCredentialRepository(store.webauthn()),
              clock);
      WebauthnRoutes routes =
          new WebauthnRoutes(
              ceremonies,
              invites,
              null,
              null,
              new Redirects(Set.of("localhost"), publicUrl),
              new LoginAudit(m -> {}),
              clock,
              null,
              2);
      String token = token(invites.create("ana@corp.example", List.of()));
      String start = "{\"token\":\"" + token + "\"}";

      assertThat(routes.handle("register/start", post(), json(start)).status().code())
          .isEqualTo(200);
      assertThat(routes.handle("register/start", post(), json(start)).status().code())
          .isEqualTo(200);
      FullHttpResponse full = routes.handle("register/start", post(), json(start));
      assertThat(full.status().code()).isEqualTo(503);
      assertThat(full.content().toString(StandardCharsets.UTF_8))
          .isEqualTo("{\"error\":\"busy\"}")
          .doesNotContain("options");
    }
  }

  private static String token(Invites.Created inv) {
    return inv.url().substring(inv.url().indexOf("token=") + 6);
  }

  private static FullHttpRequest json(String body) {
    FullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.POST,
            "/.drawbridge/webauthn/register/start",
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set("content-type", "application/json");
    return r;
  }

  private static RequestContext post() throws Exception {
    DefaultHttpHeaders h = new DefaultHttpHeaders();
    h.set("host", "localhost:8080");
    h.set("origin", "http://localhost:8080");
    return new RequestContext(
        "req-1",
        System.nanoTime(),
        System.currentTimeMillis(),
        null,
        "localhost",
        "POST",
        "/.drawbridge/webauthn/register/start",
        null,
        h,
        InetAddress.getByName("127.0.0.1"),
        "127.0.0.1",
        false,
        false,
        false,
        "test");
  }
}
