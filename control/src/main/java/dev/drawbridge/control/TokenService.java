package dev.drawbridge.control;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.StoreException;
import dev.drawbridge.store.TokenRecord;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Service tokens: create, rotate, revoke, list, and {@link #verify} on the hot path from memory.
 * Mutations write the store first, then update memory before returning. Last-use data is kept in
 * memory and written by {@link UsageFlusher}, never once per request.
 */
public final class TokenService {
  /** Grace for the old secret when {@link #rotate} is given none. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  private static final Duration MAX_GRACE = Duration.ofDays(30);

  final Store store;
  final TokenTable table = new TokenTable();
  private volatile CredentialsConfig cfg;
  private final Clock clock;
  private final UsageFlusher flusher;
  volatile Consumer<String> notifier = kind -> {};

  /** Loads every token from the store into memory. */
  /** Applies changed credential lifetimes (config reload) to tokens created from now on. */
  void credentialsConfig(CredentialsConfig next) {
    cfg = next == null ? CredentialsConfig.defaults() : next;
  }

  public TokenService(Store store, CredentialsConfig cfg, Clock clock) {
    this.store = store;
    this.cfg = cfg == null ? CredentialsConfig.defaults() : cfg;
    this.clock = clock;
    this.flusher = new UsageFlusher(table, store.tokens(), clock);
    reloadAll();
  }

  /** Creates a token; {@link IllegalArgumentException} with per-field messages if invalid. */
  public CreatedToken create(TokenSpec spec) {
    TokenValidation.check(spec);
    Instant now = clock.instant();
    Duration expires = spec.expires() == null ? cfg.defaultExpiry() : spec.expires();
    Instant expiresAt =
        expires == null || expires.equals(TokenSpec.NEVER) ? null : now.plus(expires);
    String secret = Secrets.newSecret();
    TokenRecord r =
        new TokenRecord(
            Secrets.newTokenId(),
            spec.name(),
            Secrets.newClientId(),
            Secrets.hex(Secrets.sha256(secret)),
            null,
            null,
            spec.apps(),
            spec.cidrs().stream().map(Cidr::toString).toList(),
            spec.owner(),
            spec.labels(),
            now,
            now,
            expiresAt,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of());
    synchronized (table.mutex) {
      if (table.find(spec.name()).isPresent()) {
        throw nameTaken(spec.name());
      }
      try {
        store.tokens().insert(r);
      } catch (StoreException.Conflict e) {
        throw nameTaken(spec.name());
      }
      table.apply(r);
    }
    notifier.accept(Change.TOKEN);
    return new CreatedToken(r.id(), r.name(), r.clientId(), secret, r.apps(), expiresAt);
  }

  /**
   * Issues a new secret (returned once in {@link TokenView#clientSecret}). The old secret keeps
   * working until {@code grace} (null: {@link #DEFAULT_GRACE}) ends — except for a token marked
   * exposed or suspended by a breach, whose old secret stops at once. Rotation lifts those marks.
   * Decided from the stored row in one transaction, so a breach, revocation or rotation that
   * another process made before this one read it from the change feed is taken into account: the
   * old secret is the one stored, an exposed one gets no grace, and a token revoked elsewhere is
   * refused with {@link IllegalStateException} (memory is updated from the row either way).
   */
  public TokenView rotate(String idOrName, Duration grace) {
    Duration g = grace == null ? DEFAULT_GRACE : grace;
    if (g.isNegative() || g.compareTo(MAX_GRACE) > 0) {
      throw new IllegalArgumentException("grace: " + g + " (expected: 0 to 30d)");
    }
    String secret = Secrets.newSecret();
    TokenEntry e;
    synchronized (table.mutex) {
      String id = require(idOrName).record().id();
      // Decided from the stored row, not from memory: another process may have declared a breach,
      // revoked or rotated this token since this one last read the change feed.
      TokenRecord r =
          store
              .tokens()
              .rotate(id, Secrets.hex(Secrets.sha256(secret)), g, clock.instant())
              .orElseThrow(() -> notFound(idOrName));
      e = table.apply(r);
      if (r.revokedAt() != null) {
        throw new IllegalStateException(
            "token \"" + r.name() + "\" is revoked (expected: an active token; create a new one)");
      }
    }
    notifier.accept(Change.TOKEN);
    return view(e, secret);
  }

  /**
   * Suspends the token (an identity signal said its credential changed or was compromised): its
   * current secret is refused from its next verification until it is rotated. Idempotent.
   */
  public TokenView suspend(String idOrName, String reason) {
    TokenEntry e;
    synchronized (table.mutex) {
      TokenRecord cur = require(idOrName).record();
      TokenRecord r =
          store
              .tokens()
              .suspend(cur.id(), clock.instant(), reason)
              .orElseThrow(() -> notFound(idOrName));
      e = table.apply(r);
    }
    notifier.accept(Change.TOKEN);
    return view(e, null);
  }

  /** Revokes the token; effective on its next verification. Idempotent. */
  public TokenView revoke(String idOrName) {
    TokenEntry e;
    synchronized (table.mutex) {
      TokenRecord cur = require(idOrName).record();
      TokenRecord r =
          store.tokens().revoke(cur.id(), clock.instant()).orElseThrow(() -> notFound(idOrName));
      e = table.apply(r);
    }
    notifier.accept(Change.TOKEN);
    return view(e, null);
  }

  /** All tokens (revoked ones included), by name. */
  public List<TokenView> list() {
    return table.all().stream()
        .sorted(Comparator.comparing(x -> x.record().name()))
        .map(x -> view(x, null))
        .toList();
  }

  /**
   * The token with this id or name. Looked up in memory; on a miss, in the store (and loaded into
   * memory), so a token another process created a moment ago — before this one read the change feed
   * — is found by the admin API (show, and the rotate or revoke that follows). Not used by {@link
   * #verify}, which stays memory-only.
   */
  public Optional<TokenView> find(String idOrName) {
    return locate(idOrName).map(x -> view(x, null));
  }

  /** The token with this client id, from memory (an identity signal names tokens by it). */
  public Optional<TokenView> findByClientId(String clientId) {
    return Optional.ofNullable(table.byClientId(clientId)).map(x -> view(x, null));
  }

  /**
   * Verifies presented credentials, from memory only. {@code ip} is the folded address bytes
   * ({@code Cidr.bytes}/{@code Cidr.literal}); {@code app} null skips the scope check.
   */
  public TokenCheck verify(String clientId, String secret, byte[] ip, String ipText, String app) {
    if (!Secrets.isClientId(clientId)) {
      return TokenCheck.UNKNOWN;
    }
    TokenEntry e = table.byClientId(clientId);
    if (e == null) {
      return TokenCheck.UNKNOWN;
    }
    if (!Secrets.isSecret(secret)) {
      return TokenCheck.badSecret(e);
    }
    long now = clock.millis();
    byte[] h = Secrets.sha256(secret);
    boolean current = MessageDigest.isEqual(h, e.hash());
    boolean previous = e.prevHash() != null && MessageDigest.isEqual(h, e.prevHash());
    if (!current && !(previous && now < e.prevValidUntil())) {
      return TokenCheck.badSecret(e);
    }
    TokenRecord r = e.record();
    String network = Networks.of(ip);
    Integer idle = e.usage().idleDays(now);
    boolean newNetwork = e.usage().isNewNetwork(network, now);
    String reason = denial(e, r, now, ip, app);
    if (reason == null && e.usage().record(now, ipText, network)) {
      table.dirty.add(r.id());
    }
    return new TokenCheck(
        reason == null, reason, r.id(), r.name(), idle, newNetwork, r.exposedAt() != null);
  }

  private static String denial(TokenEntry e, TokenRecord r, long now, byte[] ip, String app) {
    if (r.revokedAt() != null) {
      return TokenCheck.CREDENTIAL_REVOKED;
    }
    if (now >= e.expiresAt()) {
      return TokenCheck.CREDENTIAL_EXPIRED;
    }
    if (r.suspendedAt() != null) {
      return TokenCheck.CREDENTIAL_SUSPENDED;
    }
    if (!e.cidrs().isEmpty() && e.cidrs().stream().noneMatch(c -> c.contains(ip))) {
      return TokenCheck.IP_NOT_ALLOWED;
    }
    if (app != null && !e.apps().contains(app)) {
      return TokenCheck.APP_NOT_IN_SCOPE;
    }
    return null;
  }

  /** Starts the background writer of last-use data (at most one write per token per period). */
  public void startFlusher(Duration every) {
    flusher.start(every);
  }

  /** Stops the flusher after a final flush. */
  public void stopFlusher() {
    flusher.stop();
  }

  /** Writes pending last-use data now; returns the number of tokens written. */
  public int flushUsage() {
    return flusher.flush();
  }

  /** Reloads every token from the store; returns the count. */
  public int reloadAll() {
    return table.reloadAll(store.tokens());
  }

  /** Number of tokens in memory. */
  public int size() {
    return table.size();
  }

  void reload(String id) {
    table.reload(store.tokens(), id);
  }

  /** For mutations by id or name: see {@link #locate}. */
  private TokenEntry require(String idOrName) {
    return locate(idOrName).orElseThrow(() -> notFound(idOrName));
  }

  /**
   * Memory first; on a miss, the store by id, then by name, applying what it finds to memory (under
   * the table's mutex, as a change-feed reload does, so no older row is put over a newer one).
   * Admin paths only: a miss costs a store read.
   */
  private Optional<TokenEntry> locate(String idOrName) {
    Optional<TokenEntry> hit = table.find(idOrName);
    if (hit.isPresent() || idOrName == null || idOrName.isEmpty() || idOrName.length() > 128) {
      return hit;
    }
    synchronized (table.mutex) {
      hit = table.find(idOrName); // a reload may have applied it while this thread waited
      if (hit.isPresent()) {
        return hit;
      }
      Optional<TokenRecord> r = store.tokens().findById(idOrName);
      if (r.isEmpty()) {
        r = store.tokens().findByName(idOrName.toLowerCase(Locale.ROOT));
      }
      return r.map(table::apply);
    }
  }

  private static NoSuchElementException notFound(String idOrName) {
    return new NoSuchElementException(
        "token " + TokenValidation.quote(idOrName) + " not found (expected: a token id or name)");
  }

  private static IllegalArgumentException nameTaken(String name) {
    return new IllegalArgumentException(
        "name: " + TokenValidation.quote(name) + " (expected: a name no other token has)");
  }

  TokenView view(TokenEntry e, String secret) {
    TokenRecord r = e.record();
    long now = clock.millis();
    String status =
        r.revokedAt() != null
            ? "revoked"
            : now >= e.expiresAt() ? "expired" : r.suspendedAt() != null ? "suspended" : "active";
    Instant prevUntil =
        r.prevSecretHash() != null && now < e.prevValidUntil() ? r.prevSecretValidUntil() : null;
    return new TokenView(
        r.id(),
        r.name(),
        r.clientId(),
        r.apps(),
        e.cidrs(),
        r.owner(),
        r.labels(),
        status,
        r.createdAt(),
        r.secretIssuedAt(),
        r.expiresAt(),
        r.revokedAt(),
        r.suspendedAt(),
        r.suspendedReason(),
        r.exposedAt(),
        r.exposedVendor(),
        prevUntil,
        e.usage().lastUsedAt(),
        e.usage().lastUsedIp(),
        secret);
  }
}
