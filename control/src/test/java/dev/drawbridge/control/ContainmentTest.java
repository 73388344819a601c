package dev.drawbridge.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.SessionRecord;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import dev.drawbridge.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control plane tells its {@link Containment} receivers of every lock in force, token revoked
 * or suspended (a breach declaration included) and session revoked — made here or by another
 * process sharing the store — once the change feed is read; an unlock, a new token or a new session
 * ends nothing.
 */
class ContainmentTest {
  static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  @RegisterExtension static final TestStores stores = new TestStores();

  static final class Recorder implements Containment {
    final List<String> told = new CopyOnWriteArrayList<>();

    @Override
    public void principalLocked(String principal, String reason) {
      told.add("principal " + principal + " " + reason);
    }

    @Override
    public void credentialEnded(String credentialId, String reason) {
      told.add("credential " + credentialId + " " + reason);
    }

    @Override
    public void sessionRevoked(String sessionId, String reason) {
      told.add("session " + sessionId + " " + reason);
    }
  }

  @Test
  void tellsOfLocksRevocationsSuspensionsAndRevokedSessionsFromThisProcessAndAnother() {
    MutableClock clock = new MutableClock(T0);
    String url = stores.url(TestStores.SQLITE);
    var dir = stores.tempDir();
    try (Store store = Store.open(new StoreConfig(url), dir);
        Store other = Store.open(new StoreConfig(url), dir)) {
      ControlPlane here = new ControlPlane(store, null, clock);
      ControlPlane elsewhere = new ControlPlane(other, null, clock);
      Recorder r = new Recorder();
      here.contain(r);

      CreatedToken ci =
          here.tokens().create(new TokenSpec("ci", List.of("git"), null, null, null, Map.of()));
      CreatedToken vendor =
          here.tokens()
              .create(
                  new TokenSpec(
                      "vendor-bot", List.of("git"), null, null, null, Map.of("vendor", "acme")));
      store
          .sessions()
          .insert(
              new SessionRecord(
                  "s1",
                  "ana@corp.example",
                  "okta",
                  List.of(),
                  List.of(),
                  T0,
                  T0,
                  T0.plus(Duration.ofHours(8)),
                  null,
                  null));
      here.refresh();
      assertThat(r.told).as("creating ends nothing").isEmpty();

      here.locks().lock("Mallory@corp.example", "test", null, "admin");
      here.refresh();
      assertThat(r.told).containsExactly("principal mallory@corp.example locked");

      r.told.clear();
      elsewhere.tokens().revoke("ci");
      here.refresh();
      assertThat(r.told).containsExactly("credential " + ci.id() + " credential_revoked");

      r.told.clear();
      elsewhere.breaches().declare("acme", T0.plus(Duration.ofDays(1)), "suspend", "admin");
      other.sessions().revoke("s1", T0);
      here.refresh();
      assertThat(r.told)
          .containsExactlyInAnyOrder(
              "credential " + vendor.id() + " credential_suspended", "session s1 session_revoked");

      r.told.clear();
      elsewhere.locks().unlock("mallory@corp.example");
      here.refresh();
      assertThat(r.told).as("an unlock ends nothing").isEmpty();
    }
  }
}
