package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.LatestCheckpoint;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.Store;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §2: with PostgreSQL, every signed checkpoint is also kept in the store. */
class CheckpointCopiesTest {
  @TempDir Path dir;

  @Test
  void everyCheckpointReachesThePostgresStoreUnderTheGatewaysId() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Store store =
            Store.open(
                new StoreConfig(
                    "postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres"),
                dir)) {
      CheckpointCopies copies = new CheckpointCopies(null, store, "gw-test", Clock.systemUTC());
      AuditConfig everyTwo =
          new AuditConfig(
              AuditConfig.defaults().durability(),
              AuditConfig.defaults().batchWindow(),
              2,
              AuditConfig.defaults().checkpointInterval(),
              AuditConfig.defaults().segmentBytes(),
              null);
      try (AuditLog log = AuditLog.open(dir, everyTwo, Clock.systemUTC())) {
        log.addCheckpointListener(copies);
        for (int i = 0; i < 5; i++) {
          log.append(Map.of("event", "access", "principal", "eve")).join();
        }
      }
      copies.close();

      assertThat(store.auditCheckpoints().lines("gw-test")).hasSizeGreaterThanOrEqualTo(2);
      assertThat(store.auditCheckpoints().latest("gw-test"))
          .contains(LatestCheckpoint.read(dir).orElseThrow());
    }
  }
}
