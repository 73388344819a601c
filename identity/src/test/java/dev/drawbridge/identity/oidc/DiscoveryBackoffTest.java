package dev.drawbridge.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.drawbridge.config.IdentityConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A provider that is down must not hold the identity workers: after a failed discovery, logins fail
 * at once during a back-off that doubles per failure (1 s, 2 s, … 30 s) instead of each asking the
 * provider and waiting for its timeouts, and while one discovery is running other callers do not
 * queue behind it. Once the provider answers, discovery succeeds after the back-off.
 */
class DiscoveryBackoffTest {
  private HttpServer idp;
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @AfterEach
  void stop() {
    if (idp != null) {
      idp.stop(0);
    }
  }

  private static IdentityConfig.Provider provider(URI issuer) {
    return new IdentityConfig.Provider(
        "okta", "oidc", issuer, "drawbridge", "secret", "groups", List.of(), false);
  }

  /** A provider whose discovery document answers 503, or holds the request for {@code holdMs}. */
  private URI failingIdp(long holdMs, CountDownLatch entered) throws Exception {
    idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    idp.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    idp.createContext(
        "/",
        ex -> {
          asked.incrementAndGet();
          if (entered != null) {
            entered.countDown();
          }
          if (holdMs > 0) {
            try {
              Thread.sleep(holdMs);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    idp.start();
    return URI.create("http://127.0.0.1:" + idp.getAddress().getPort() + "/okta");
  }

  @Test
  void afterAFailureLoginsFailAtOnceWithoutAskingUntilTheDoublingBackOffHasPassed()
      throws Exception {
    OidcProvider p = new OidcProvider(provider(failingIdp(0, null)), now::get);
    assertThatThrownBy(p::discover)
        .isInstanceOf(LoginFailure.class)
        .hasMessageContaining("discovery at");
    assertThat(asked.get()).isEqualTo(1);

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(p::discover)
          .isInstanceOf(LoginFailure.class)
          .hasMessageContaining("backing off");
    }
    assertThat(asked.get()).as("not asked again during the first back-off (1 s)").isEqualTo(1);

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1001));
    assertThatThrownBy(p::discover).isInstanceOf(LoginFailure.class);
    assertThat(asked.get()).as("asked again once the back-off passed").isEqualTo(2);

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1500));
    assertThatThrownBy(p::discover).hasMessageContaining("backing off");
    assertThat(asked.get()).as("the second back-off is 2 s").isEqualTo(2);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
    assertThatThrownBy(p::discover).isInstanceOf(LoginFailure.class);
    assertThat(asked.get()).isEqualTo(3);

    // ten more failures in a row: were the back-off to keep doubling it would pass 30 s; capped,
    // each wait of 30 s lets the next login ask again
    for (int i = 0; i < 10; i++) {
      now.addAndGet(OidcProvider.MAX_BACKOFF_NANOS + 1);
      assertThatThrownBy(p::discover).isInstanceOf(LoginFailure.class);
    }
    assertThat(asked.get()).as("the back-off stops growing at 30 s").isEqualTo(13);
    now.addAndGet(OidcProvider.MAX_BACKOFF_NANOS - 1);
    assertThatThrownBy(p::discover).hasMessageContaining("backing off");
    assertThat(asked.get()).isEqualTo(13);
  }

  @Test
  void whileOneDiscoveryWaitsForTheProviderOtherLoginsDoNotQueueBehindIt() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    OidcProvider p = new OidcProvider(provider(failingIdp(3000, entered)), now::get);
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () -> {
              try {
                p.discover();
              } catch (LoginFailure e) {
                // expected: the provider answers 503 after holding the request
              }
            });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    assertThatThrownBy(p::discover)
        .isInstanceOf(LoginFailure.class)
        .hasMessageContaining("in progress");
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(waitedMs).as("the second login did not wait for the first").isLessThan(1500);
    first.get(20, TimeUnit.SECONDS);
    assertThat(asked.get()).isEqualTo(1);
  }

  @Test
  void discoverySucceedsOnceTheProviderIsBackAndTheBackOffHasPassed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    MockOAuth2Server mock = new MockOAuth2Server();
    try {
      URI issuer = URI.create("http://localhost:" + port + "/okta");
      OidcProvider p = new OidcProvider(provider(issuer), now::get);
      assertThatThrownBy(p::discover).isInstanceOf(LoginFailure.class); // nothing listens yet
      mock.start(port);
      HttpUrl url = mock.issuerUrl("okta");
      assertThat(url.uri()).isEqualTo(issuer);
      assertThatThrownBy(p::discover).hasMessageContaining("backing off");
      now.addAndGet(OidcProvider.FIRST_BACKOFF_NANOS + 1);
      assertThat(p.discover()).isNotNull();
      assertThat(p.discovered()).isTrue();
    } finally {
      mock.shutdown();
    }
  }
}
