package dev.drawbridge.identity.session;

import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.ChangeFeed;
import dev.drawbridge.store.SessionRecord;
import dev.drawbridge.store.SessionRepository;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side sessions. {@link #check} and {@link #authenticate} answer from memory (safe on the
 * event loop); creation and revocation write through to the store; {@link #refresh} (called
 * periodically, off the event loop) applies changes made by other processes (revocations, breaches)
 * and persists coalesced last-seen times for the idle timeout.
 */
public final class SessionManager {
  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
  private static final Duration FULL_RELOAD = Duration.ofMinutes(1);

  private final SessionRepository repo;
  private final ChangeFeed changes;
  private final IdentityConfig.Session cfg;
  private final Clock clock;
  private final Duration touchEvery;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  /** Store lookups of unknown sessions started per second at most (a flood of bogus cookies). */
  static final int MAX_LOOKUPS_PER_SECOND = 100;

  private final Executor lookups;
  private final Set<String> lookingUp = ConcurrentHashMap.newKeySet();
  private final AtomicLong lookupSecond = new AtomicLong();
  private final AtomicInteger lookupsInSecond = new AtomicInteger();
  private long lastChange;
  private Instant lastFullLoad = Instant.EPOCH;

  private final java.util.concurrent.atomic.AtomicLong generation =
      new java.util.concurrent.atomic.AtomicLong();

  private final class Entry {
    final long gen = generation.incrementAndGet();
    volatile UserSession session;
    volatile Instant persistedLastSeen;

    Entry(UserSession s) {
      this.session = s;
      this.persistedLastSeen = s.lastSeenAt();
    }
  }

  /** A session just created and the cookie value that refers to it (shown to the client once). */
  public record NewSession(UserSession session, String cookieValue) {}

  public SessionManager(
      SessionRepository repo, ChangeFeed changes, IdentityConfig.Session cfg, Clock clock) {
    this(repo, changes, cfg, clock, null);
  }

  /**
   * {@code lookups}: where {@link #check} looks up, in the background, a session it does not know
   * (gateways sharing one store: another gateway may have created it a moment ago); null for one
   * process, where a session not in memory does not exist.
   */
  public SessionManager(
      SessionRepository repo,
      ChangeFeed changes,
      IdentityConfig.Session cfg,
      Clock clock,
      Executor lookups) {
    this.lookups = lookups;
    this.repo = repo;
    this.changes = changes;
    this.cfg = cfg;
    this.clock = clock;
    Duration t = cfg.idleTimeout().dividedBy(10);
    this.touchEvery = t.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : t;
  }

  public IdentityConfig.Session config() {
    return cfg;
  }

  /** Loads the live sessions. Blocking: call at start, off the event loop. */
  public synchronized void load() {
    lastChange = changes.latestId();
    reloadAll(clock.instant());
  }

  /**
   * The session a request's cookie refers to, or why there is none; {@code tls}: whether the
   * request came over https, TLS here or at a trusted proxy ({@code RequestContext.secure()}; see
   * {@link SessionCookies#find}). Never blocks.
   */
  public SessionCheck check(HttpHeaders headers, boolean tls, Instant now) {
    return check(headers, tls, now, true);
  }

  /** {@code lookUpUnknown}: whether a cookie not in memory starts a background store lookup. */
  private SessionCheck check(HttpHeaders headers, boolean tls, Instant now, boolean lookUpUnknown) {
    String value = SessionCookies.find(headers, tls);
    if (value == null || value.isEmpty()) {
      return SessionCheck.none(SessionCheck.NO_SESSION);
    }
    if (value.length() != 43) {
      return SessionCheck.none(SessionCheck.INVALID);
    }
    String id = SessionCookies.idOf(value);
    Entry e = cache.get(id);
    if (e == null) {
      if (lookUpUnknown) {
        lookUpLater(id, now);
      }
      return SessionCheck.none(SessionCheck.INVALID);
    }
    UserSession s = e.session;
    if (!now.isBefore(s.expiresAt())) {
      cache.remove(s.id());
      return SessionCheck.none(SessionCheck.EXPIRED);
    }
    if (!now.isBefore(s.lastSeenAt().plus(cfg.idleTimeout()))) {
      cache.remove(s.id());
      return SessionCheck.none(SessionCheck.IDLE);
    }
    if (now.isAfter(s.lastSeenAt())) {
      s = s.seen(now);
      e.session = s;
    }
    return SessionCheck.ok(s);
  }

  /**
   * The live session a request's cookie refers to, from memory or else from the store: one another
   * gateway on the same store created a moment ago, before {@link #refresh} brought it here (SPEC
   * §8: the browser's next request after signing in may reach another gateway). A session read from
   * the store is kept, so that {@link #check} knows it from now on. Blocking.
   */
  public Optional<UserSession> live(HttpHeaders headers, boolean tls, Instant now) {
    String value = SessionCookies.find(headers, tls);
    if (value != null && value.length() == 43 && !cache.containsKey(SessionCookies.idOf(value))) {
      adopt(SessionCookies.idOf(value), now);
    }
    // adopt has read the store already: no background lookup on top of it
    return check(headers, tls, now, false).session();
  }

  /**
   * Loads session {@code id} from the store if it is live there and not in memory. Serialized with
   * {@link #refresh}, so a revocation that it has applied is not undone.
   */
  private synchronized Optional<UserSession> adopt(String id, Instant now) {
    if (cache.containsKey(id)) {
      return Optional.empty(); // in memory: check() decides
    }
    Optional<SessionRecord> r = repo.find(id);
    if (r.isEmpty() || r.get().revokedAt() != null) {
      return Optional.empty();
    }
    UserSession s = toSession(r.get());
    if (!now.isBefore(s.expiresAt()) || !now.isBefore(s.lastSeenAt().plus(cfg.idleTimeout()))) {
      return Optional.empty();
    }
    cache.putIfAbsent(id, new Entry(s));
    return Optional.of(s);
  }

  /**
   * {@link #adopt} in the background for a cookie {@link #check} did not know, so that the
   * browser's next request finds the session here; at most {@link #MAX_LOOKUPS_PER_SECOND} started
   * per second and one at a time per id, so that bogus cookies cannot load the store.
   */
  private void lookUpLater(String id, Instant now) {
    if (lookups == null) {
      return;
    }
    long second = now.getEpochSecond();
    if (lookupSecond.getAndSet(second) != second) {
      lookupsInSecond.set(0);
    }
    if (lookupsInSecond.incrementAndGet() > MAX_LOOKUPS_PER_SECOND || !lookingUp.add(id)) {
      return;
    }
    try {
      lookups.execute(
          () -> {
            try {
              adopt(id, clock.instant());
            } catch (RuntimeException ex) {
              log.debug("looking up a session in the store failed: {}", ex.toString());
            } finally {
              lookingUp.remove(id);
            }
          });
    } catch (RejectedExecutionException ex) {
      lookingUp.remove(id);
    }
  }

  public Optional<UserSession> authenticate(HttpHeaders headers, boolean tls, Instant now) {
    return check(headers, tls, now).session();
  }

  /** Creates a session (write-through; blocking). */
  public NewSession create(
      String email, List<String> groups, String idp, List<String> amr, Instant now) {
    return create(email, groups, idp, amr, now, now.plus(cfg.lifetime()), null, null);
  }

  /**
   * Creates a session that remembers the provider's session id {@code sid} and subject {@code sub}
   * (either may be null), which a back-channel logout names (write-through; blocking).
   */
  public NewSession create(
      String email,
      List<String> groups,
      String idp,
      List<String> amr,
      Instant now,
      String sid,
      String sub) {
    return create(email, groups, idp, amr, now, now.plus(cfg.lifetime()), sid, sub);
  }

  private NewSession create(
      String email,
      List<String> groups,
      String idp,
      List<String> amr,
      Instant now,
      Instant expiresAt,
      String sid,
      String sub) {
    String value = SessionCookies.newValue();
    String id = SessionCookies.idOf(value);
    UserSession s = new UserSession(id, email, groups, idp, amr, now, now, expiresAt);
    repo.insert(
        new SessionRecord(
            id, email, idp, s.amr(), s.groups(), now, now, s.expiresAt(), null, null, sid, sub));
    cache.put(id, new Entry(s));
    return new NewSession(s, value);
  }

  /**
   * Replaces a session by one with an added authentication method (step-up): a new cookie, the same
   * expiry, the old record revoked. Blocking.
   */
  public NewSession elevate(UserSession old, String amr, Instant now) {
    List<String> methods = new ArrayList<>(old.amr());
    if (!methods.contains(amr)) {
      methods.add(amr);
    }
    SessionRecord before = repo.find(old.id()).orElse(null);
    NewSession next =
        create(
            old.email(),
            old.groups(),
            old.idp(),
            methods,
            now,
            old.expiresAt(),
            before == null ? null : before.idpSid(),
            before == null ? null : before.idpSub());
    revoke(old.id());
    return next;
  }

  /** Revokes one session by its id; true if it was live. Blocking. */
  public boolean revoke(String id) {
    cache.remove(id);
    boolean live = repo.revoke(id, clock.instant());
    cache.remove(id);
    return live;
  }

  /** Revokes the session the request's cookie refers to (logout). Blocking. */
  public Optional<UserSession> logout(HttpHeaders headers, boolean tls) {
    Optional<UserSession> s = authenticate(headers, tls, clock.instant());
    s.ifPresent(u -> revoke(u.id()));
    return s;
  }

  /** Revokes every session issued through identity provider {@code idp}; returns their ids. */
  public List<String> revokeByIdp(String idp) {
    String want = idp.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (Entry e : List.copyOf(cache.values())) {
      UserSession s = e.session;
      if (s.idp() != null && s.idp().toLowerCase(Locale.ROOT).equals(want) && revoke(s.id())) {
        out.add(s.id());
      }
    }
    return out;
  }

  /** Revokes every session of one user (e.g. after a lock); returns their ids. Blocking. */
  public List<String> revokeByPrincipal(String email) {
    List<String> ids = repo.revokeByPrincipal(email, clock.instant());
    ids.forEach(cache::remove);
    return ids;
  }

  /**
   * Revokes the sessions issued through provider {@code idp} with the provider's session id {@code
   * sid} and/or subject {@code sub} (a back-channel logout; at least one non-null); returns the
   * principals of the sessions ended, one entry per session. Blocking.
   */
  public List<String> revokeByProviderSession(String idp, String sid, String sub) {
    List<String> ids = repo.revokeByProviderSession(idp, sid, sub, clock.instant());
    List<String> principals = new ArrayList<>();
    for (String id : ids) {
      Entry e = cache.remove(id);
      if (e != null) {
        principals.add(e.session.email());
      } else {
        repo.find(id).ifPresent(r -> principals.add(r.principal()));
      }
    }
    return principals;
  }

  /** The principals of sessions issued through {@code idp} to provider subject {@code sub}. */
  public List<String> principalsOfSubject(String idp, String sub) {
    return repo.principalsOfSubject(idp, sub);
  }

  /** The live sessions in memory. */
  public List<UserSession> list() {
    return cache.values().stream().map(e -> e.session).toList();
  }

  /**
   * Applies the store's session changes since the last call, drops expired entries and persists
   * last-seen times that moved by more than the touch interval. Blocking; call periodically.
   */
  public synchronized void refresh() {
    Instant now = clock.instant();
    List<Change> page;
    Set<String> changed = new HashSet<>();
    do {
      page = changes.since(lastChange);
      for (Change c : page) {
        lastChange = c.id();
        if (Change.SESSION.equals(c.kind())) {
          changed.add(c.key());
        }
      }
    } while (page.size() >= ChangeFeed.PAGE);
    for (String id : changed) {
      Optional<SessionRecord> r = repo.find(id);
      if (r.isEmpty() || r.get().revokedAt() != null) {
        cache.remove(id);
      } else if (!cache.containsKey(id)) {
        cache.put(id, new Entry(toSession(r.get())));
      }
    }
    for (Entry e : List.copyOf(cache.values())) {
      UserSession s = e.session;
      if (!now.isBefore(s.expiresAt()) || !now.isBefore(s.lastSeenAt().plus(cfg.idleTimeout()))) {
        cache.remove(s.id());
      } else if (!s.lastSeenAt().isBefore(e.persistedLastSeen.plus(touchEvery))) {
        try {
          repo.touch(s.id(), s.lastSeenAt());
          e.persistedLastSeen = s.lastSeenAt();
        } catch (RuntimeException ex) {
          log.warn("could not record session activity: {}", ex.toString());
        }
      }
    }
    if (!now.isBefore(lastFullLoad.plus(FULL_RELOAD))) {
      reloadAll(now);
    }
  }

  private void reloadAll(Instant now) {
    long before = generation.get();
    Map<String, Entry> fresh = new java.util.HashMap<>();
    for (SessionRecord r : repo.active(now)) {
      UserSession s = toSession(r);
      Entry old = cache.get(s.id());
      if (old != null && old.session.lastSeenAt().isAfter(s.lastSeenAt())) {
        fresh.put(s.id(), old);
      } else {
        fresh.put(s.id(), new Entry(s));
      }
    }
    cache.values().removeIf(e -> e.gen <= before && !fresh.containsKey(e.session.id()));
    cache.putAll(fresh);
    lastFullLoad = now;
  }

  private static UserSession toSession(SessionRecord r) {
    return new UserSession(
        r.id(),
        r.principal(),
        r.groups(),
        r.idp(),
        r.amr(),
        r.createdAt(),
        r.lastSeenAt(),
        r.expiresAt());
  }
}
