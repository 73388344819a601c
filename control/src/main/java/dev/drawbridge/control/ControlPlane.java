package dev.drawbridge.control;

import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.ChangeFeed;
import dev.drawbridge.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane of one gateway process: every service over one {@link Store}, all state loaded
 * into memory at start, kept current from the store's change feed ({@link #refresh}, or {@link
 * #startSync} to poll in the background). Local mutations update memory before they return; other
 * processes' mutations arrive at once on PostgreSQL (LISTEN/NOTIFY triggers a refresh) and at the
 * latest with the next poll, which stays as the reconciliation that heals a lost notification.
 */
public final class ControlPlane implements AutoCloseable {
  /** Poll period for {@link #startSync()}: a change elsewhere is applied here well within 1 s. */
  public static final Duration SYNC_EVERY = Duration.ofMillis(250);

  /** Default period of the usage flusher. */
  public static final Duration FLUSH_EVERY = Duration.ofSeconds(10);

  /** Above this many token changes in one refresh, reload the whole table instead. */
  private static final int BULK_RELOAD = 2000;

  /** Change-feed entries older than this are pruned by the background sync. */
  static final Duration CHANGE_RETENTION = Duration.ofDays(1);

  /** A process that has not read the feed for this long reloads everything instead. */
  static final Duration RESYNC_AFTER = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  private final Store store;
  private final Clock clock;
  private final TokenService tokens;
  private final LockService locks;
  private final BreachService breaches;
  private final CredentialAudit audit;
  private final AlertService alerts;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final List<Containment> containments = new CopyOnWriteArrayList<>();
  private final Duration loadTime;
  private final Duration loadCpuTime;
  private long cursor;
  private volatile Instant lastSyncedAt;

  /** See {@link #failClosedAfter}; Long.MAX_VALUE: never stale. */
  private volatile long staleAfterMillis = Long.MAX_VALUE;

  /** Whether the last staleness seen by the sync thread was over the limit (for its log lines). */
  private boolean reportedStale;

  /** Refreshes failed in a row (the sync thread logs the first, then one in every 40). */
  private int failuresInARow;

  private Instant lastPrune = Instant.EPOCH;
  private ScheduledExecutorService sync;
  private ChangeListener listener;
  private final java.util.concurrent.atomic.AtomicBoolean pending =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Applies a reloaded {@code credentials:} section: the default expiry of tokens created from now
   * on, and the dormant and stale thresholds of the next credential audit.
   */
  public void credentialsConfig(CredentialsConfig cfg) {
    tokens.credentialsConfig(cfg);
    audit.credentialsConfig(cfg);
  }

  /** Builds the services and loads all tokens and locks; does not start background threads. */
  public ControlPlane(Store store, CredentialsConfig cfg, Clock clock) {
    this.store = store;
    this.clock = clock;
    long t0 = System.nanoTime();
    long cpu0 = cpuNanos();
    this.cursor = store.changes().latestId(); // before loading: later changes get re-applied
    this.tokens = new TokenService(store, cfg, clock);
    this.locks = new LockService(store, clock);
    this.loadTime = Duration.ofNanos(System.nanoTime() - t0);
    this.loadCpuTime = Duration.ofNanos(cpuNanos() - cpu0 + tokens.table.helperCpuNanos);
    this.breaches = new BreachService(store, tokens, clock);
    this.audit = new CredentialAudit(tokens, cfg, clock);
    this.alerts = new AlertService(store);
    this.lastSyncedAt = clock.instant();
    Consumer<String> notify =
        kind -> {
          fire(kind);
          if (ContainmentCheck.ends(kind)) {
            wakeSync(); // a local lock or revocation: read it back from the feed now, and contain
          }
        };
    tokens.notifier = notify;
    locks.notifier = notify;
    breaches.notifier = notify;
    alerts.notifier = notify;
    LOG.info(
        "control plane loaded {} tokens in {} ms ({} ms CPU)",
        tokens.size(),
        loadTime.toMillis(),
        loadCpuTime.toMillis());
  }

  public TokenService tokens() {
    return tokens;
  }

  public LockService locks() {
    return locks;
  }

  public BreachService breaches() {
    return breaches;
  }

  public CredentialAudit audit() {
    return audit;
  }

  public AlertService alerts() {
    return alerts;
  }

  /** How long the initial load of tokens and locks took. */
  public Duration loadTime() {
    return loadTime;
  }

  /**
   * CPU time the initial load used on its two threads (reader and indexer), excluding JIT and GC:
   * what the load costs independent of how busy the machine is. Compare {@link #loadTime}.
   */
  public Duration loadCpuTime() {
    return loadCpuTime;
  }

  private static long cpuNanos() {
    return TokenTable.threadCpuNanos();
  }

  /**
   * Registers a listener told the kind ({@link Change} constants) of every change, local or from
   * another process. A local change may be reported twice (once more from the feed).
   */
  public void onChange(Consumer<String> listener) {
    listeners.add(listener);
  }

  /**
   * Registers the data plane's receiver of locks, revocations and suspensions: told of each one
   * made here or (through the change feed) by another process, at the latest one sync period after
   * it.
   */
  public void contain(Containment c) {
    containments.add(c);
  }

  /** When the change feed was last read successfully (a health signal for fail-closed callers). */
  public Instant lastSyncedAt() {
    return lastSyncedAt;
  }

  /** Milliseconds since the change feed was last read, by this control plane's clock. */
  public long millisSinceSync() {
    return clock.millis() - lastSyncedAt.toEpochMilli();
  }

  /**
   * Makes {@link #stale} true once the change feed has not been read for longer than {@code limit}
   * ({@code store.max_staleness}). For a shared store (PostgreSQL), where other processes revoke,
   * lock and rotate: the data plane then refuses what it would allow, since it cannot know about
   * changes made elsewhere.
   */
  public void failClosedAfter(Duration limit) {
    staleAfterMillis = limit.toMillis();
  }

  /**
   * True when the change feed was last read longer ago than the {@link #failClosedAfter} limit
   * (never without one). Cheap: one clock read.
   */
  public boolean stale() {
    long limit = staleAfterMillis;
    return limit != Long.MAX_VALUE && millisSinceSync() > limit;
  }

  /** Applies every change in the feed since the last refresh; returns how many were read. */
  public synchronized int refresh() {
    Instant now = clock.instant();
    if (Duration.between(lastSyncedAt, now).compareTo(RESYNC_AFTER) > 0) {
      // the feed may have been pruned past our cursor: start over from a full load
      long latest = store.changes().latestId();
      tokens.reloadAll();
      locks.reloadAll();
      cursor = latest;
      lastSyncedAt = now;
      fire(Change.TOKEN);
      fire(Change.LOCK);
      return 0;
    }
    int read = 0;
    Set<String> tokenIds = new LinkedHashSet<>();
    Set<String> principals = new LinkedHashSet<>();
    Set<String> kinds = new LinkedHashSet<>();
    ContainmentCheck ended = new ContainmentCheck();
    long next = cursor;
    List<Change> page;
    do {
      page = store.changes().since(next);
      for (Change c : page) {
        switch (c.kind()) {
          case Change.TOKEN, Change.TOKEN_USAGE -> tokenIds.add(c.key());
          case Change.LOCK -> principals.add(c.key());
          default -> {}
        }
        ended.note(c);
        kinds.add(c.kind());
        next = c.id();
      }
      read += page.size();
    } while (page.size() == ChangeFeed.PAGE);
    if (tokenIds.size() > BULK_RELOAD) {
      tokens.reloadAll();
    } else {
      tokenIds.forEach(tokens::reload);
    }
    principals.forEach(locks::reload);
    cursor = next;
    lastSyncedAt = clock.instant();
    kinds.forEach(this::fire);
    if (!containments.isEmpty()) {
      ended.tell(store, tokens, locks, containments);
    }
    return read;
  }

  /**
   * Polls the change feed every {@link #SYNC_EVERY} and flushes usage every {@link #FLUSH_EVERY}.
   */
  public void startSync() {
    startSync(SYNC_EVERY);
  }

  /** Polls the change feed every {@code every}; also starts the usage flusher. */
  public synchronized void startSync(Duration every) {
    if (sync != null) {
      return;
    }
    sync =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "drawbridge-control-sync");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(10, every.toMillis());
    sync.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
    tokens.startFlusher(FLUSH_EVERY);
    if (store.isPostgres()) {
      ScheduledExecutorService s = sync;
      listener = new ChangeListener(store, () -> triggerRefresh(s)).start();
    }
  }

  /** Runs a refresh on the sync thread now, if it runs (a local change that ends streams). */
  private void wakeSync() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = sync;
    }
    if (s != null) {
      triggerRefresh(s);
    }
  }

  /** Runs a refresh on the sync thread now (a NOTIFY arrived); coalesces bursts. */
  private void triggerRefresh(ScheduledExecutorService s) {
    if (pending.compareAndSet(false, true)) {
      try {
        s.execute(
            () -> {
              pending.set(false);
              refreshQuietly();
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pending.set(false); // shutting down
      }
    }
  }

  /** True while the LISTEN connection is up (PostgreSQL); false otherwise. */
  public boolean listening() {
    ChangeListener l = listener;
    return l != null && l.connected();
  }

  private void refreshQuietly() {
    try {
      refresh();
      if (failuresInARow > 0 || reportedStale) {
        LOG.info(
            "change feed read again after {} failed attempt(s){}",
            failuresInARow,
            reportedStale ? "; deciding normally again" : "");
      }
      failuresInARow = 0;
      reportedStale = false;
      Instant now = clock.instant();
      if (Duration.between(lastPrune, now).compareTo(RESYNC_AFTER) > 0) {
        lastPrune = now;
        store.changes().prune(now.minus(CHANGE_RETENTION));
      }
    } catch (RuntimeException e) {
      // one line for the first failure and one in every 40 after it (10 s at the default poll)
      if (failuresInARow++ % 40 == 0) {
        LOG.warn(
            "change feed refresh failed ({} in a row); will retry: {}",
            failuresInARow,
            e.toString());
      }
      if (stale() && !reportedStale) {
        reportedStale = true;
        LOG.error(
            "the store's change feed has not been read for {} ms (store.max_staleness {} ms):"
                + " revocations, locks and rotations made by other processes cannot reach this"
                + " one, so requests a credential or session would allow get 503 until it is"
                + " read again",
            clock.millis() - lastSyncedAt.toEpochMilli(),
            staleAfterMillis);
      }
    }
  }

  private void fire(String kind) {
    for (Consumer<String> l : listeners) {
      try {
        l.accept(kind);
      } catch (RuntimeException e) {
        LOG.warn("change listener failed for {}: {}", kind, e.toString());
      }
    }
  }

  /** Stops polling and flushes usage; does not close the store. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    ChangeListener l;
    synchronized (this) {
      s = sync;
      sync = null;
      l = listener;
      listener = null;
    }
    if (l != null) {
      l.close();
    }
    if (s != null) {
      s.shutdown();
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    tokens.stopFlusher();
  }
}
