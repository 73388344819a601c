package dev.drawbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.PendingCeremonyRepository.Put;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ceremonies in progress shared by gateways: bounds, expiry, and taken at most once. */
class PendingCeremonyRepositoryTest {
  @RegisterExtension static final TestStores stores = new TestStores();
  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aCeremonyIsTakenOnceAndNotAfterItExpires(String backend) {
    try (Store store = stores.open(backend)) {
      PendingCeremonyRepository r = store.pendingCeremonies();
      Instant end = T0.plusSeconds(300);
      assertThat(r.put("oidc_login", "s1", "{\"a\":1}", "192.0.2.1", end, T0, 10, 10))
          .isEqualTo(Put.STORED);
      assertThat(r.put("oidc_login", "s2", "two", "192.0.2.1", end, T0, 10, 10))
          .isEqualTo(Put.STORED);
      assertThat(r.take("webauthn_assertion", "s1", T0)).isEmpty(); // another kind
      assertThat(r.take("oidc_login", "s1", T0.plusSeconds(10))).contains("{\"a\":1}");
      assertThat(r.take("oidc_login", "s1", T0.plusSeconds(10))).isEmpty(); // replayed
      assertThat(r.take("oidc_login", "s2", end)).isEmpty(); // expired at its end
      assertThat(r.take("oidc_login", "s2", T0)).isEmpty(); // and gone
      assertThat(r.take("oidc_login", "never", T0)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void boundsCountUnexpiredCeremoniesOfOneKindInAllAndPerClient(String backend) {
    try (Store store = stores.open(backend)) {
      PendingCeremonyRepository r = store.pendingCeremonies();
      Instant end = T0.plusSeconds(60);
      assertThat(r.put("k", "a1", "v", "192.0.2.1", end, T0, 3, 2)).isEqualTo(Put.STORED);
      assertThat(r.put("k", "a2", "v", "192.0.2.1", end, T0, 3, 2)).isEqualTo(Put.STORED);
      assertThat(r.put("k", "a3", "v", "192.0.2.1", end, T0, 3, 2)).isEqualTo(Put.CLIENT_LIMIT);
      assertThat(r.put("other", "a3", "v", "192.0.2.1", end, T0, 3, 2)).isEqualTo(Put.STORED);
      assertThat(r.put("k", "b1", "v", "192.0.2.2", end, T0, 3, 2)).isEqualTo(Put.STORED);
      assertThat(r.put("k", "c1", "v", "192.0.2.3", end, T0, 3, 2)).isEqualTo(Put.FULL);
      // Once they expire they are deleted and no longer count.
      Instant later = end.plusSeconds(1);
      assertThat(r.put("k", "c1", "v", "192.0.2.3", later.plusSeconds(60), later, 3, 2))
          .isEqualTo(Put.STORED);
      assertThat(r.put("k", "a4", "v", "192.0.2.1", later.plusSeconds(60), later, 3, 2))
          .isEqualTo(Put.STORED);
      assertThat(r.take("k", "a1", T0)).isEmpty();
    }
  }

  /** Two gateways (two pools on one database) racing to finish one ceremony: exactly one wins. */
  @Test
  void gatewaysRacingForOneCeremonyGetItExactlyOnce() throws Exception {
    String url = stores.url(TestStores.POSTGRES);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (Store a = Store.open(new StoreConfig(url), stores.tempDir());
        Store b = Store.open(new StoreConfig(url), stores.tempDir())) {
      for (int round = 0; round < 20; round++) {
        String id = "state-" + round;
        a.pendingCeremonies()
            .put("oidc_login", id, "v" + round, "192.0.2.1", T0.plusSeconds(60), T0, 100, 100);
        CyclicBarrier go = new CyclicBarrier(8);
        List<Future<Optional<String>>> takes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          Store s = i % 2 == 0 ? a : b;
          takes.add(
              pool.submit(
                  () -> {
                    go.await(10, TimeUnit.SECONDS);
                    return s.pendingCeremonies().take("oidc_login", id, T0);
                  }));
        }
        int won = 0;
        for (Future<Optional<String>> f : takes) {
          Optional<String> got = f.get(30, TimeUnit.SECONDS);
          if (got.isPresent()) {
            assertThat(got).contains("v" + round);
            won++;
          }
        }
        assertThat(won).as("takers that got ceremony %s", id).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
