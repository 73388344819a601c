package dev.drawbridge.control;

import static dev.drawbridge.control.ControlPlaneTest.verifyOn;
import static dev.drawbridge.control.ControlPlaneTest.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LISTEN/NOTIFY on PostgreSQL: a change elsewhere is applied at once, not at the next poll. */
class ChangeListenerTest {
  @RegisterExtension static final TestStores stores = new TestStores();

  @Test
  void aNotificationAppliesARevocationLongBeforeTheNextPoll() {
    String url = stores.url(TestStores.POSTGRES);
    Path dir = stores.tempDir();
    Clock clock = Clock.systemUTC();
    try (Store storeA = Store.open(new StoreConfig(url), dir);
        Store storeB = Store.open(new StoreConfig(url), dir);
        ControlPlane a = new ControlPlane(storeA, null, clock);
        ControlPlane b = new ControlPlane(storeB, null, clock)) {
      b.startSync(Duration.ofMinutes(10)); // the poll never runs during this test
      within(Duration.ofSeconds(5), b::listening);
      CreatedToken t = a.tokens().create(TokenServiceTest.spec("ci-bot", List.of()));
      within(Duration.ofSeconds(1), () -> verifyOn(b, t).ok());
      long start = System.nanoTime();
      a.tokens().revoke("ci-bot");
      within(
          Duration.ofMillis(500),
          () -> TokenCheck.CREDENTIAL_REVOKED.equals(verifyOn(b, t).reason()));
      long ms = (System.nanoTime() - start) / 1_000_000;
      a.locks().lock("mallory@corp.example", "lateral movement", null, "detect");
      within(Duration.ofMillis(500), () -> b.locks().lockOf("mallory@corp.example").isPresent());
      System.out.printf("revocation applied by NOTIFY after %d ms%n", ms);
      assertThat(ms).isLessThan(500);
    }
  }
}
