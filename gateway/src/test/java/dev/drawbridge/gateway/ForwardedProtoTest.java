package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Cidr;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * X-Forwarded-Proto behind a load balancer that terminates TLS and speaks plain HTTP to the
 * gateway: it counts (for {@link RequestContext#secure}, the login redirect and the upstream's
 * X-Forwarded-Proto) only from a trusted proxy, and never makes a device managed or the connection
 * TLS. Loopback is the trusted proxy of one gateway and an ordinary client of the other.
 */
class ForwardedProtoTest {
  static final Verdict UNAUTHENTICATED =
      new Verdict(
          Verdict.Kind.UNAUTHENTICATED,
          "unauthenticated",
          null,
          Verdict.Principal.ANONYMOUS,
          null,
          null,
          Map.of(),
          Map.of(),
          false,
          null);
  TestUpstream upstream;
  TestGateway trusting;
  TestGateway untrusting;
  final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    upstream = new TestUpstream();
    trusting = new TestGateway(upstream.url(), List.of(Cidr.parse("127.0.0.0/8")));
    untrusting = new TestGateway(upstream.url());
    for (TestGateway g : List.of(trusting, untrusting)) {
      g.decider =
          r -> {
            seen.add(
                "tls="
                    + r.tls()
                    + " secure="
                    + r.secure()
                    + " scheme="
                    + r.externalScheme()
                    + " device="
                    + r.deviceManaged());
            return r.path().startsWith("/private") ? UNAUTHENTICATED : Verdict.bypass("test");
          };
    }
  }

  @AfterEach
  void stop() {
    trusting.close();
    untrusting.close();
    upstream.close();
  }

  private static String get(String path, String... extraHeaders) {
    StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: wiki.test\r\n");
    for (String h : extraHeaders) {
      sb.append(h).append("\r\n");
    }
    return sb.append("Accept: text/html\r\nConnection: close\r\n\r\n").toString();
  }

  @Test
  void aTrustedProxysHttpsMakesTheRequestSecureButNeverTlsOrAManagedDevice() throws Exception {
    String resp = trusting.raw(get("/echo/a", "X-Forwarded-Proto: https"));
    assertThat(resp).startsWith("HTTP/1.1 200").contains("\nx-forwarded-proto: https\n");
    assertThat(seen).containsExactly("tls=false secure=true scheme=https device=false");

    String login = trusting.raw(get("/private/x?y=1", "X-Forwarded-Proto: https"));
    assertThat(login)
        .startsWith("HTTP/1.1 302")
        .contains("location: /.drawbridge/login?rd=https%3A%2F%2Fwiki.test%2Fprivate%2Fx%3Fy%3D1");
  }

  @Test
  void anUntrustedPeersHttpsIsIgnoredAndReplacedUpstreamWhereATrustedOnesCounts() throws Exception {
    String fromClient = untrusting.raw(get("/echo/a", "X-Forwarded-Proto: https"));
    assertThat(fromClient).startsWith("HTTP/1.1 200").contains("\nx-forwarded-proto: http\n");
    assertThat(fromClient).doesNotContain("x-forwarded-proto: https");
    String login = untrusting.raw(get("/private/x", "X-Forwarded-Proto: https"));
    assertThat(login)
        .startsWith("HTTP/1.1 302")
        .contains("location: /.drawbridge/login?rd=http%3A%2F%2Fwiki.test%2Fprivate%2Fx\r\n");

    String fromProxy = trusting.raw(get("/private/x", "X-Forwarded-Proto: https"));
    assertThat(fromProxy).contains("location: /.drawbridge/login?rd=https%3A%2F%2Fwiki.test");
    assertThat(seen)
        .containsExactly(
            "tls=false secure=false scheme=http device=false",
            "tls=false secure=false scheme=http device=false",
            "tls=false secure=true scheme=https device=false");
  }

  @Test
  void theRightMostValueTheTrustedProxyWroteCountsAndTheUpstreamGetsOneScheme() throws Exception {
    // the client wrote "http"; the proxy (adding, not replacing, as HAProxy's add-header) "HTTPS"
    String added =
        trusting.raw(get("/echo/a", "X-Forwarded-Proto: http", "X-Forwarded-Proto: HTTPS"));
    assertThat(added).startsWith("HTTP/1.1 200").contains("\nx-forwarded-proto: https\n");
    assertThat(added).doesNotContain("x-forwarded-proto: http\n").doesNotContain("HTTPS");
    // the client claimed https to a proxy that appended the plain http it saw
    String claimed = trusting.raw(get("/echo/a", "X-Forwarded-Proto: https, http"));
    assertThat(claimed).startsWith("HTTP/1.1 200").contains("\nx-forwarded-proto: http\n");
    assertThat(seen)
        .containsExactly(
            "tls=false secure=true scheme=https device=false",
            "tls=false secure=false scheme=http device=false");
  }
}
