package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenSpec;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.ReservedEndpoints;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.policy.PolicyEngine;
import dev.drawbridge.policy.ResourceMap;
import dev.drawbridge.store.Store;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §4 with reused assertions: a locked principal, a revoked token or a refused session is
 * denied before any assertion is asked for (so a cached one can never reach them), and every
 * forwarded request carries its own {@code Drawbridge-Request-Id} for the upstream.
 */
class AssertionOnlyWhenAllowedTest {
  @TempDir Path dir;
  DrawbridgeConfig cfg;
  Store store;
  ControlPlane control;
  AccessPipeline pipeline;
  CreatedToken token;
  final List<String> asked = new ArrayList<>();
  Optional<Verdict.Principal> user = Optional.empty();
  String userReason = "no_session";

  @BeforeEach
  void setUp() throws Exception {
    DrawbridgeConfig cfg =
        ConfigLoader.parse(
            """
            data_dir: %s
            applications:
              - id: git
                hosts: [git.corp.example]
                upstream: http://127.0.0.1:1
                policies:
                  - {name: public, decision: bypass, include: [{everyone: true}], paths: ["/public/**"]}
                  - {name: ci, decision: allow, include: [{service_token: [ci-bot]}]}
                  - {name: staff, decision: allow, include: [{group: [engineering]}]}
            """
                .formatted(dir.resolve("data")),
            dir,
            n -> null);
    store = Store.open(cfg.store(), cfg.dataDir(), Clock.systemUTC());
    control = new ControlPlane(store, cfg.credentials(), Clock.systemUTC());
    token =
        control
            .tokens()
            .create(new TokenSpec("ci-bot", List.of("git"), null, List.of(), null, Map.of()));
    Identity identity =
        new Identity() {
          @Override
          public UserCheck user(RequestContext rc) {
            return new UserCheck(user, userReason);
          }

          @Override
          public String assertion(String app, Verdict.Principal p, String requestId) {
            asked.add(p.name());
            return "jwt-for-" + p.name();
          }

          @Override
          public String stepUpUrl(RequestContext rc) {
            return null;
          }

          @Override
          public ReservedEndpoints endpoints() {
            return ReservedEndpoints.NONE;
          }
        };
    pipeline =
        new AccessPipeline(
            PolicyEngine.compile(cfg.applications()),
            Map.of("git", ResourceMap.compile(cfg.applications().get(0))),
            control.tokens(),
            control.locks(),
            identity,
            () -> false);
    this.cfg = cfg;
  }

  @AfterEach
  void tearDown() {
    control.close();
    store.close();
  }

  private RequestContext request(String id, String path, String authorization) throws Exception {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("host", "git.corp.example");
    if (authorization != null) {
      h.set("authorization", authorization);
    }
    return new RequestContext(
        id,
        System.nanoTime(),
        System.currentTimeMillis(),
        cfg.applications().get(0),
        "git.corp.example",
        "GET",
        path,
        null,
        h,
        InetAddress.getByName("127.0.0.1"),
        "127.0.0.1",
        false,
        false,
        false,
        "test");
  }

  private String bearer() {
    return "Bearer " + token.clientId() + "." + token.clientSecret();
  }

  @Test
  void givesTheUpstreamTheAssertionAndThisRequestsOwnId() throws Exception {
    Verdict v = pipeline.decide(request("req-1", "/repo", bearer()));
    assertThat(v.kind()).isEqualTo(Verdict.Kind.ALLOW);
    assertThat(v.upstreamHeaders())
        .containsEntry("Drawbridge-Jwt-Assertion", "jwt-for-ci-bot")
        .containsEntry("Drawbridge-Request-Id", "req-1");
    assertThat(pipeline.decide(request("req-2", "/repo", bearer())).upstreamHeaders())
        .containsEntry("Drawbridge-Request-Id", "req-2");
    assertThat(pipeline.decide(request("req-3", "/public/a", null)).upstreamHeaders())
        .containsEntry("Drawbridge-Request-Id", "req-3")
        .doesNotContainKey("Drawbridge-Jwt-Assertion");
  }

  @Test
  void neverAsksForAnAssertionForALockedPrincipal() throws Exception {
    control.locks().lock("ci-bot", "test", null, "test");
    Verdict v = pipeline.decide(request("req-1", "/repo", bearer()));
    assertThat(v.kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(v.reason()).isEqualTo("locked");
    assertThat(v.upstreamHeaders()).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void neverAsksForAnAssertionForARevokedToken() throws Exception {
    control.tokens().revoke("ci-bot");
    Verdict v = pipeline.decide(request("req-1", "/repo", bearer()));
    assertThat(v.kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(v.reason()).isEqualTo("credential_revoked");
    assertThat(asked).isEmpty();
  }

  @Test
  void neverAsksForAnAssertionForARefusedOrLockedUser() throws Exception {
    userReason = "invalid_session"; // what a revoked session's cookie gets
    Verdict v = pipeline.decide(request("req-1", "/repo", null));
    assertThat(v.kind()).isEqualTo(Verdict.Kind.UNAUTHENTICATED);
    assertThat(v.reason()).isEqualTo("invalid_session");

    user =
        Optional.of(
            new Verdict.Principal(
                "ana@corp.example",
                "user",
                "sess-1",
                "ana@corp.example",
                List.of("engineering"),
                "okta",
                List.of("hwk")));
    userReason = null;
    assertThat(pipeline.decide(request("req-2", "/repo", null)).kind())
        .isEqualTo(Verdict.Kind.ALLOW);
    assertThat(asked).containsExactly("ana@corp.example");
    control.locks().lock("ana@corp.example", "test", null, "test");
    Verdict locked = pipeline.decide(request("req-3", "/repo", null));
    assertThat(locked.reason()).isEqualTo("locked");
    assertThat(asked).containsExactly("ana@corp.example");
  }
}
