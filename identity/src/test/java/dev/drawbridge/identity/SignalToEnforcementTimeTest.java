package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.store.TestStores;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signal to enforcement on two gateways sharing one embedded PostgreSQL: a logout token (or a SET)
 * is sent to gateway A; the time until gateway B refuses the session (or sees the lock) is measured
 * and printed as p50/p99. No timed assertion: it asserts only that B does enforce.
 */
class SignalToEnforcementTimeTest {
  @RegisterExtension static final TestStores stores = new TestStores();
  static final String TX = "https://transmitter.example";
  static final String AUD = "https://gateway.example/ssf";
  static final int ROUNDS = 30;

  @TempDir Path dirA;
  @TempDir Path dirB;

  @Test
  void gatewayBEnforcesWhatASignalToGatewayADidAndTheTimeIsPrinted() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    try (FakeIdp fake = new FakeIdp();
        SigningPeer tx = new SigningPeer("tx-1")) {
      IdentityConfig base =
          IdentityStack.config(List.of(IdentityStack.provider("fake", fake.issuerUri())), false);
      IdentityConfig cfg =
          new IdentityConfig(
              base.session(),
              base.providers(),
              false,
              null,
              List.of(new IdentityConfig.Signal(TX, tx.jwksUri(), AUD)),
              null);
      try (IdentityStack a =
              new IdentityStack(
                  dirA,
                  Clock.systemUTC(),
                  cfg,
                  p -> java.net.URI.create("http://localhost:" + p),
                  List.of(),
                  url);
          IdentityStack b =
              new IdentityStack(
                  dirB,
                  Clock.systemUTC(),
                  cfg,
                  p -> java.net.URI.create("http://localhost:" + p),
                  List.of(),
                  url);
          ControlPlane ca =
              new ControlPlane(a.store, CredentialsConfig.defaults(), Clock.systemUTC());
          ControlPlane cb =
              new ControlPlane(b.store, CredentialsConfig.defaults(), Clock.systemUTC())) {
        a.identity.control(ca);
        b.identity.control(cb);
        ca.startSync();
        cb.startSync();
        List<Long> logout = new ArrayList<>();
        List<Long> lock = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
          String user = "u" + i + "@corp.example";
          String cookie =
              a.identity
                  .sessions()
                  .create(user, List.of(), "fake", List.of(), Instant.now(), "sid-" + i, "sub-" + i)
                  .cookieValue();
          HttpHeaders h = new DefaultHttpHeaders().set("Cookie", "drawbridge_session=" + cookie);
          assertThat(b.identity.sessions().live(h, false, Instant.now())).isPresent();
          Instant now = Instant.now();
          String token =
              SigningPeer.sign(
                  new JWTClaimsSet.Builder()
                      .issuer(fake.issuer())
                      .audience("drawbridge")
                      .subject("sub-" + i)
                      .claim("sid", "sid-" + i)
                      .issueTime(Date.from(now))
                      .jwtID(UUID.randomUUID().toString())
                      .claim("events", Map.of(BackchannelLogoutTest.EVENT, Map.of()))
                      .build(),
                  "logout+jwt",
                  fake.key);
          long t0 = System.nanoTime();
          Browserless.Reply r =
              new Browserless()
                  .post(
                      a.base() + BackchannelLogoutTest.PATH,
                      "application/x-www-form-urlencoded",
                      "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                      null);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          while (b.identity.sessions().authenticate(h, false, Instant.now()).isPresent()) {
            assertThat(System.nanoTime() - t0)
                .as("B still honours the session")
                .isLessThan(10_000_000_000L);
            Thread.sleep(2);
          }
          logout.add(System.nanoTime() - t0);

          String set =
              tx.sign(
                  SharedSignalsTest.set(
                          SharedSignalsTest.RISC + "account-disabled",
                          SharedSignalsTest.email(user))
                      .build(),
                  "secevent+jwt");
          long t1 = System.nanoTime();
          r =
              new Browserless()
                  .post(
                      a.base() + "/.drawbridge/ssf/events", "application/secevent+jwt", set, null);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
          while (cb.locks().lockOf(user).isEmpty()) {
            assertThat(System.nanoTime() - t1).as("B has no lock").isLessThan(10_000_000_000L);
            Thread.sleep(2);
          }
          lock.add(System.nanoTime() - t1);
        }
        System.out.println(
            "signal to enforcement on the other gateway (PostgreSQL, "
                + ROUNDS
                + " rounds): back-channel logout -> session refused "
                + summary(logout)
                + "; SSF account-disabled -> lock in force "
                + summary(lock));
      }
    }
  }

  private static String summary(List<Long> nanos) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    long p50 = s.get((int) Math.ceil(0.5 * s.size()) - 1);
    long p99 = s.get((int) Math.ceil(0.99 * s.size()) - 1);
    return "p50 " + p50 / 1_000_000 + " ms, p99 " + p99 / 1_000_000 + " ms";
  }
}
