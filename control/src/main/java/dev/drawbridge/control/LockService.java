package dev.drawbridge.control;

import dev.drawbridge.store.Change;
import dev.drawbridge.store.LockRecord;
import dev.drawbridge.store.Store;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Principal locks: a lock denies every request of that principal on every application. {@link
 * #lockOf} reads memory only; {@link #lock} and {@link #unlock} update memory before returning.
 * Principals are matched ignoring case (e-mail addresses; token names are lowercase anyway).
 */
public final class LockService {
  private final Store store;
  private final Clock clock;
  private final Object mutex = new Object();
  private final ConcurrentHashMap<String, Lock> locks = new ConcurrentHashMap<>();
  volatile Consumer<String> notifier = kind -> {};

  /** Loads every lock from the store. */
  public LockService(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    reloadAll();
  }

  /**
   * Locks {@code principal} for {@code ttl} (null: until unlocked). A new lock never shortens the
   * one in force: an existing lock with no expiry or a later one stays as it is (reason and author
   * included); otherwise the new lock replaces it. Returns the lock in force afterwards.
   */
  public Lock lock(String principal, String reason, Duration ttl, String by) {
    return place(principal, reason, ttl, by).inForce();
  }

  /**
   * The lock in force after {@link #place}, and whether it is one that was there before (a lock
   * that lasts at least as long, kept as it was) rather than the one just asked for.
   */
  public record Placed(Lock inForce, boolean keptExisting) {}

  /** As {@link #lock}, saying whether the lock asked for or one already in force now holds. */
  public Placed place(String principal, String reason, Duration ttl, String by) {
    String key = key(principal);
    if (key == null) {
      throw new IllegalArgumentException(
          "principal: "
              + TokenValidation.quote(principal)
              + " (expected: an e-mail or token name)");
    }
    if (reason == null || reason.isBlank() || reason.length() > 500) {
      throw new IllegalArgumentException(
          "reason: " + TokenValidation.quote(reason) + " (expected: 1-500 chars)");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0, or none for forever)");
    }
    Instant now = clock.instant();
    Instant expiresAt;
    try {
      expiresAt = ttl == null ? null : now.plus(ttl);
      if (expiresAt != null) {
        expiresAt.toEpochMilli(); // stored as epoch millis
      }
    } catch (ArithmeticException | DateTimeException e) {
      throw new IllegalArgumentException("ttl: " + ttl + " (expected: a shorter duration)");
    }
    Lock l;
    String author = by == null ? "admin" : by;
    synchronized (mutex) {
      l = of(store.locks().upsert(new LockRecord(key, reason, author, now, expiresAt)));
      locks.put(key, l);
    }
    notifier.accept(Change.LOCK);
    // the store keeps milliseconds: the lock asked for comes back with this call's time, reason,
    // author and expiry; anything else is the one that was in force and lasts at least as long
    boolean asked =
        l.createdAt().toEpochMilli() == now.toEpochMilli()
            && l.reason().equals(reason)
            && l.createdBy().equals(author)
            && (expiresAt == null
                ? l.expiresAt() == null
                : l.expiresAt() != null
                    && l.expiresAt().toEpochMilli() == expiresAt.toEpochMilli());
    return new Placed(l, !asked);
  }

  /** True if a lock was removed. */
  public boolean unlock(String principal) {
    String key = key(principal);
    if (key == null) {
      return false;
    }
    boolean removed;
    synchronized (mutex) {
      removed = store.locks().delete(key);
      removed |= locks.remove(key) != null;
    }
    notifier.accept(Change.LOCK);
    return removed;
  }

  /** The lock in force on {@code principal} now, if any (an expired lock is none). */
  public Optional<Lock> lockOf(String principal) {
    String key = key(principal);
    Lock l = key == null ? null : locks.get(key);
    if (l == null || (l.expiresAt() != null && !clock.instant().isBefore(l.expiresAt()))) {
      return Optional.empty();
    }
    return Optional.of(l);
  }

  /** Locks in force now, oldest first. */
  public List<Lock> list() {
    Instant now = clock.instant();
    return locks.values().stream()
        .filter(l -> l.expiresAt() == null || now.isBefore(l.expiresAt()))
        .sorted(Comparator.comparing(Lock::createdAt).thenComparing(Lock::principal))
        .toList();
  }

  /** Reloads every lock from the store. */
  public void reloadAll() {
    synchronized (mutex) {
      Set<String> seen = new HashSet<>();
      for (LockRecord r : store.locks().all()) {
        locks.put(r.principal(), of(r));
        seen.add(r.principal());
      }
      locks.keySet().retainAll(seen);
    }
  }

  void reload(String principal) {
    synchronized (mutex) {
      store
          .locks()
          .find(principal)
          .ifPresentOrElse(r -> locks.put(principal, of(r)), () -> locks.remove(principal));
    }
  }

  private static Lock of(LockRecord r) {
    return new Lock(r.principal(), r.reason(), r.createdBy(), r.createdAt(), r.expiresAt());
  }

  private static String key(String principal) {
    if (principal == null || principal.isBlank() || principal.length() > 320) {
      return null;
    }
    return principal.trim().toLowerCase(Locale.ROOT);
  }
}
