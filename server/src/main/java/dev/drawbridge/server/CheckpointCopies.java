package dev.drawbridge.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.store.Store;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every signed audit checkpoint out of the data directory as it is written (SPEC §2): to the
 * webhook sink (queued with the records) and, on PostgreSQL, to the store's {@code
 * audit_checkpoints} under this gateway's id. Told on the audit writer thread, so the store insert
 * runs on its own single thread with a bounded queue; a checkpoint that cannot be stored is logged
 * (a later one vouches for more).
 */
final class CheckpointCopies implements Consumer<String>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointCopies.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookSinks webhook;
  private final Store store; // null: not PostgreSQL
  private final String gatewayId;
  private final Clock clock;
  private final ThreadPoolExecutor storing;

  CheckpointCopies(WebhookSinks webhook, Store store, String gatewayId, Clock clock) {
    this.webhook = webhook;
    this.store = store;
    this.gatewayId = gatewayId;
    this.clock = clock;
    this.storing =
        store == null
            ? null
            : new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1000),
                r -> {
                  Thread t = new Thread(r, "drawbridge-checkpoint-copies");
                  t.setDaemon(true);
                  return t;
                },
                new ThreadPoolExecutor.DiscardOldestPolicy());
  }

  @Override
  public void accept(String line) {
    if (webhook != null) {
      webhook.checkpoint(line);
    }
    if (storing != null) {
      storing.execute(() -> store(line));
    }
  }

  private void store(String line) {
    try {
      JsonNode cp = JSON.readTree(line);
      store
          .auditCheckpoints()
          .insert(gatewayId, cp.get("seq").asLong(), cp.get("hash").asText(), line, clock.millis());
    } catch (Exception e) {
      LOG.warn("audit checkpoint not copied to the store: {}", e.getMessage());
    }
  }

  /** Waits (bounded) for the copies queued so far to reach the store; call before closing it. */
  @Override
  public void close() {
    if (storing == null) {
      return;
    }
    storing.shutdown();
    try {
      if (!storing.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("audit checkpoints not yet copied to the store at shutdown were dropped");
        storing.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
