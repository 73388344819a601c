package dev.drawbridge.control;

import dev.drawbridge.store.TokenRepository;
import dev.drawbridge.store.UsageUpdate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes coalesced last-use data of the tokens used since the previous flush, in one batch. */
final class UsageFlusher {
  private static final Logger LOG = LoggerFactory.getLogger(UsageFlusher.class);

  private final TokenTable table;
  private final TokenRepository repo;
  private final Clock clock;
  private ScheduledExecutorService timer;

  UsageFlusher(TokenTable table, TokenRepository repo, Clock clock) {
    this.table = table;
    this.repo = repo;
    this.clock = clock;
  }

  synchronized void start(Duration every) {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drawbridge-usage-flush");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(10, every.toMillis());
    timer.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (timer != null) {
      timer.shutdown();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
    flushQuietly();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("token usage flush failed; will retry: {}", e.toString());
    }
  }

  /** Drains the dirty queue into one store transaction; re-queues everything if that fails. */
  synchronized int flush() {
    long now = clock.millis();
    List<UsageUpdate> updates = new ArrayList<>();
    List<TokenEntry> entries = new ArrayList<>();
    for (String id; (id = table.dirty.poll()) != null; ) {
      TokenEntry e = table.byId(id);
      if (e != null) {
        updates.add(e.usage().drain(id, now));
        entries.add(e);
      }
    }
    try {
      repo.recordUsage(updates);
    } catch (RuntimeException ex) {
      for (TokenEntry e : entries) {
        if (e.usage().redirty()) {
          table.dirty.add(e.record().id());
        }
      }
      throw ex;
    }
    return updates.size();
  }
}
