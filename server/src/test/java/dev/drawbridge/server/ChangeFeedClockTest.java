package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The change feed is stamped and pruned with the server's clock (house rule 6), so a clock moved
 * forward does not make the prune delete what was just written.
 */
class ChangeFeedClockTest {
  static final String CONFIG =
      """
      server: {listen: 127.0.0.1:0, admin_listen: localhost:0}
      data_dir: ${DATA}
      applications:
        - id: wiki
          hosts: [wiki.test]
          upstream: http://127.0.0.1:1
          policies: []
      """;

  @Test
  void keepsChangesMadeUnderAClockFarAheadOfTheSystemClockThroughAPrune() throws Exception {
    try (ServerHarness h = new ServerHarness(CONFIG)) {
      h.clock.advance(Duration.ofDays(400));
      Instant lockedAt = h.clock.instant();
      assertThat(
              h.admin(
                      "POST",
                      "/api/v1/locks",
                      "{\"principal\":\"eve@corp.example\",\"reason\":\"bulk download\"}")
                  .statusCode())
          .isEqualTo(201);

      // past the prune interval but well inside the feed's retention; wait for a sync (and the
      // prune that follows it in the same run), then for the next one, so that prune is done
      h.clock.advance(Duration.ofHours(2));
      awaitSync(h);
      h.clock.advance(Duration.ofMillis(1));
      awaitSync(h);

      try (Store reader = Store.open(new StoreConfig(null), h.dir.resolve("data"))) {
        List<Change> locks =
            reader.changes().since(0).stream()
                .filter(c -> c.kind().equals(Change.LOCK))
                .filter(c -> c.key().equals("eve@corp.example"))
                .toList();
        assertThat(locks).hasSize(1);
        assertThat(locks.get(0).at()).isEqualTo(lockedAt);
      }
    }
  }

  private static void awaitSync(ServerHarness h) {
    Instant now = h.clock.instant();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> now.equals(h.server.control().lastSyncedAt()));
  }
}
