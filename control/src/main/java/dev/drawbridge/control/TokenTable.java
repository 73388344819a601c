package dev.drawbridge.control;

import dev.drawbridge.store.TokenRecord;
import dev.drawbridge.store.TokenRepository;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The in-memory token table, indexed by client id (hot path), id and name. Writers hold {@link
 * #mutex} across "write the store, then apply", so an apply from the change feed can never put an
 * older row over a newer one; readers take no lock.
 */
final class TokenTable {
  private static final int LOAD_BATCH = 1000;
  final Object mutex = new Object();
  // Presized for ~100k tokens (a few MB): growing three concurrent maps entry by entry was a
  // measurable part of start-up.
  private static final int CAPACITY = 1 << 17;
  private final ConcurrentHashMap<String, TokenEntry> byClientId =
      new ConcurrentHashMap<>(CAPACITY);
  private final ConcurrentHashMap<String, TokenEntry> byId = new ConcurrentHashMap<>(CAPACITY);
  private final ConcurrentHashMap<String, TokenEntry> byName = new ConcurrentHashMap<>(CAPACITY);

  /** CPU time the helper thread of the last {@link #reloadAll} used (for load measurements). */
  volatile long helperCpuNanos;

  static long threadCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
  }

  /** Ids of tokens with unflushed usage, each queued once per flush cycle. */
  final ConcurrentLinkedQueue<String> dirty = new ConcurrentLinkedQueue<>();

  TokenEntry byClientId(String clientId) {
    return byClientId.get(clientId);
  }

  TokenEntry byId(String id) {
    return byId.get(id);
  }

  Optional<TokenEntry> find(String idOrName) {
    if (idOrName == null) {
      return Optional.empty();
    }
    TokenEntry e = byId.get(idOrName);
    if (e == null) {
      e = byName.get(idOrName.toLowerCase(Locale.ROOT));
    }
    return Optional.ofNullable(e);
  }

  Collection<TokenEntry> all() {
    return byId.values();
  }

  int size() {
    return byId.size();
  }

  /** Puts the row, keeping (and merging into) the usage the table already had for it. */
  TokenEntry apply(TokenRecord r) {
    TokenEntry old = byId.get(r.id());
    TokenUsage usage;
    if (old == null) {
      usage = new TokenUsage(r);
    } else {
      usage = old.usage();
      usage.merge(r);
    }
    TokenEntry e = TokenEntry.of(r, usage);
    byClientId.put(r.clientId(), e);
    byName.put(r.name(), e);
    byId.put(r.id(), e);
    return e;
  }

  void remove(String id) {
    TokenEntry old = byId.remove(id);
    if (old != null) {
      byClientId.remove(old.record().clientId(), old);
      byName.remove(old.record().name(), old);
    }
  }

  /** Re-reads one token (change feed); removes it if the store no longer has it. */
  void reload(TokenRepository repo, String id) {
    synchronized (mutex) {
      repo.findById(id).ifPresentOrElse(this::apply, () -> remove(id));
    }
  }

  /**
   * Loads every token from the store, dropping entries the store no longer has. Two threads: this
   * one reads and decodes rows, a helper builds entries and indexes them (start-up on 2 cores).
   */
  int reloadAll(TokenRepository repo) {
    synchronized (mutex) {
      helperCpuNanos = 0;
      Set<String> seen =
          new HashSet<>(CAPACITY); // written by the helper only; read after it finished
      ExecutorService helper =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "drawbridge-token-load");
                t.setDaemon(true);
                return t;
              });
      List<Future<?>> done = new ArrayList<>();
      try {
        List<List<TokenRecord>> batch = new ArrayList<>(List.of(new ArrayList<>(LOAD_BATCH)));
        Consumer<List<TokenRecord>> submit =
            b ->
                done.add(
                    helper.submit(
                        () -> {
                          long cpu0 = threadCpuNanos();
                          b.forEach(
                              r -> {
                                apply(r);
                                seen.add(r.id());
                              });
                          helperCpuNanos += threadCpuNanos() - cpu0; // helper thread only
                        }));
        repo.forEach(
            r -> {
              List<TokenRecord> b = batch.get(0);
              b.add(r);
              if (b.size() == LOAD_BATCH) {
                submit.accept(b);
                batch.set(0, new ArrayList<>(LOAD_BATCH));
              }
            });
        submit.accept(batch.get(0));
        for (Future<?> f : done) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while loading tokens", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("loading tokens failed", e.getCause());
      } finally {
        helper.shutdownNow();
      }
      for (String id : Set.copyOf(byId.keySet())) {
        if (!seen.contains(id)) {
          remove(id);
        }
      }
      return seen.size();
    }
  }
}
