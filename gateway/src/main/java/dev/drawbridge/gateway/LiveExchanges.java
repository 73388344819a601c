package dev.drawbridge.gateway;

import dev.drawbridge.control.Containment;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's registry of what is flowing (SPEC §4, ARCHITECTURE "What is flowing is part of the
 * state"): every client connection that carries, or last carried, a decided principal's traffic —
 * an in-flight response, a keep-alive connection between requests, a WebSocket tunnel, a TCP tunnel
 * — by principal and by credential (a token id or a session id). The control plane tells it of
 * locks, revocations and suspensions through {@link Containment}; it ends what matches, each
 * connection closed on its own event loop ({@link LiveConnection#end}).
 *
 * <p>A request decided a moment before a lock reached memory could register after the sweep that
 * looked for it; so every end is remembered for a few seconds, and a connection that registers for
 * a request that started before a matching end is ended at once.
 */
public final class LiveExchanges implements Containment {
  /** How long an end is remembered for requests decided just before it. */
  private static final long REMEMBER_NANOS = 10_000_000_000L;

  private final Map<String, Set<LiveConnection>> byPrincipal = new ConcurrentHashMap<>();
  private final Map<String, Set<LiveConnection>> byCredential = new ConcurrentHashMap<>();
  private final Map<String, Ended> recentlyEnded = new ConcurrentHashMap<>();

  private record Ended(long atNanos, String reason) {}

  /**
   * Registers the connection for the principal and credential of its current verdict (a forwarded
   * request); a connection already registered for the same pair costs two comparisons. On the
   * connection's event loop.
   */
  void track(Connection conn) {
    Verdict v = conn.verdict;
    if (v == null
        || !v.forwards()
        || v.principal().name() == null
        || !conn.ctx.channel().isActive()) {
      return;
    }
    String principal = v.principal().name().trim().toLowerCase(Locale.ROOT);
    String credential = v.principal().credentialId();
    LiveConnection cur = conn.live;
    if (cur == null || !cur.sameAs(principal, credential)) {
      untrack(conn);
      cur = new LiveConnection(conn, principal, credential);
      conn.live = cur;
      add(byPrincipal, principal, cur);
      if (credential != null) {
        add(byCredential, credential, cur);
      }
    }
    if (!recentlyEnded.isEmpty() && conn.rc != null) {
      Ended e = recentlyEnded.get("p:" + principal);
      if (e == null && credential != null) {
        e = recentlyEnded.get("c:" + credential);
      }
      if (e != null && e.atNanos - conn.rc.startNanos() > 0) {
        cur.end(e.reason); // decided before the lock reached memory: it must not run on
      }
    }
  }

  /** Forgets the connection (it closed). On its event loop. */
  void untrack(Connection conn) {
    LiveConnection cur = conn.live;
    if (cur == null) {
      return;
    }
    conn.live = null;
    remove(byPrincipal, cur.principal(), cur);
    if (cur.credential() != null) {
      remove(byCredential, cur.credential(), cur);
    }
  }

  /** Connections registered now (open and carrying a known principal's traffic). */
  public int size() {
    int n = 0;
    for (Set<LiveConnection> s : byPrincipal.values()) {
      n += s.size();
    }
    return n;
  }

  @Override
  public void principalLocked(String principal, String reason) {
    if (principal != null) {
      end(byPrincipal, "p:", principal.trim().toLowerCase(Locale.ROOT), reason);
    }
  }

  @Override
  public void credentialEnded(String credentialId, String reason) {
    if (credentialId != null) {
      end(byCredential, "c:", credentialId, reason);
    }
  }

  @Override
  public void sessionRevoked(String sessionId, String reason) {
    if (sessionId != null) {
      end(byCredential, "c:", sessionId, reason);
    }
  }

  private void end(Map<String, Set<LiveConnection>> index, String kind, String key, String reason) {
    long now = System.nanoTime();
    recentlyEnded.values().removeIf(e -> now - e.atNanos > REMEMBER_NANOS);
    recentlyEnded.put(kind + key, new Ended(now, reason));
    Set<LiveConnection> s = index.get(key);
    if (s != null) {
      for (LiveConnection c : s) {
        c.end(reason);
      }
    }
  }

  private static void add(Map<String, Set<LiveConnection>> index, String key, LiveConnection c) {
    index.compute(
        key,
        (k, s) -> {
          Set<LiveConnection> set = s == null ? ConcurrentHashMap.newKeySet() : s;
          set.add(c);
          return set;
        });
  }

  private static void remove(Map<String, Set<LiveConnection>> index, String key, LiveConnection c) {
    index.computeIfPresent(
        key,
        (k, s) -> {
          s.remove(c);
          return s.isEmpty() ? null : s;
        });
  }
}
