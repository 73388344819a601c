package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Service tokens. Every mutation appends a {@link Change#TOKEN} (or usage) change. */
public final class TokenRepository {
  static final String COLUMNS =
      "id, name, client_id, secret_hash, prev_secret_hash, prev_secret_valid_until, apps, cidrs,"
          + " owner, labels, created_at, secret_issued_at, expires_at, revoked_at, suspended_at,"
          + " suspended_reason, exposed_at, exposed_vendor, last_used_at, last_used_ip, networks";
  private static final String INSERT =
      "INSERT INTO tokens (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private final Db db;

  TokenRepository(Db db) {
    this.db = db;
  }

  /** Inserts a token; {@link StoreException.Conflict} if its name or client id is taken. */
  public TokenRecord insert(TokenRecord t) {
    insertAll(List.of(t));
    return t;
  }

  /** Inserts many tokens in one transaction (imports, tests). */
  public void insertAll(List<TokenRecord> tokens) {
    db.tx(
        tx -> {
          tx.batch(INSERT, tokens.stream().map(TokenRepository::args).toList());
          tokens.forEach(t -> tx.changed(Change.TOKEN, t.id()));
          return null;
        });
  }

  public Optional<TokenRecord> findById(String id) {
    return db.read(tx -> tx.one(select("id = ?"), TokenRepository::row, id));
  }

  public Optional<TokenRecord> findByName(String name) {
    return db.read(tx -> tx.one(select("name = ?"), TokenRepository::row, name));
  }

  public List<TokenRecord> all() {
    return db.read(tx -> tx.query("SELECT " + COLUMNS + " FROM tokens", TokenRepository::row));
  }

  /** Streams every token to {@code sink} without holding them all as a list (start-up load). */
  public void forEach(Consumer<TokenRecord> sink) {
    db.read(
        tx -> {
          boolean auto = tx.c.getAutoCommit();
          tx.c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
          try (var ps = tx.c.prepareStatement("SELECT " + COLUMNS + " FROM tokens")) {
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sink.accept(row(rs));
              }
            }
            tx.c.commit();
          } finally {
            tx.c.setAutoCommit(auto);
          }
          return null;
        });
  }

  /**
   * Replaces the secret, deciding from the row as it is in the store (locked for the transaction,
   * so a breach, revocation or rotation committed by another process a moment earlier is seen, and
   * one made a moment later waits): the current secret becomes the previous one, valid until {@code
   * issuedAt + grace} — unless {@code grace} is zero or the row is marked exposed or suspended by a
   * breach, when it stops at once (a breached secret gets no grace). Clears {@code exposed} and
   * {@code suspended} (a breach's marks end with rotation; they named the replaced secret). A
   * revoked row is returned unchanged (its secret hash is not {@code newHash}); empty if there is
   * no such row.
   */
  public Optional<TokenRecord> rotate(String id, String newHash, Duration grace, Instant issuedAt) {
    return db.tx(
        tx -> {
          Optional<TokenRecord> cur =
              tx.one(select("id = ?") + tx.forUpdate(), TokenRepository::row, id);
          if (cur.isEmpty() || cur.get().revokedAt() != null) {
            return cur;
          }
          TokenRecord t = cur.get();
          boolean breached = t.exposedAt() != null || t.suspendedAt() != null;
          boolean keepOld = !breached && !grace.isZero() && !grace.isNegative();
          int n =
              tx.update(
                  "UPDATE tokens SET secret_hash = ?, prev_secret_hash = ?,"
                      + " prev_secret_valid_until = ?, secret_issued_at = ?, exposed_at = NULL,"
                      + " exposed_vendor = NULL, suspended_at = NULL, suspended_reason = NULL"
                      + " WHERE id = ?",
                  newHash,
                  keepOld ? t.secretHash() : null,
                  Tx.millis(keepOld ? issuedAt.plus(grace) : null),
                  issuedAt,
                  id);
          return changedRow(tx, n, id);
        });
  }

  /**
   * Marks suspended with {@code reason} (keeps the first suspension time): its current secret is
   * refused until it is rotated, as after a breach.
   */
  public Optional<TokenRecord> suspend(String id, Instant at, String reason) {
    return db.tx(
        tx -> {
          int n =
              tx.update(
                  "UPDATE tokens SET suspended_at = COALESCE(suspended_at, ?),"
                      + " suspended_reason = ? WHERE id = ?",
                  at,
                  reason,
                  id);
          return changedRow(tx, n, id);
        });
  }

  /** Marks revoked (keeps the first revocation time). */
  public Optional<TokenRecord> revoke(String id, Instant at) {
    return db.tx(
        tx -> {
          int n =
              tx.update(
                  "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", at, id);
          return changedRow(tx, n, id);
        });
  }

  /**
   * Merges coalesced usage into the rows: later last use wins, network maps are united. Rows are
   * locked and written in token id order, whatever the order of {@code updates}: every multi-row
   * write to {@code tokens} (this, {@link BreachRepository#declare}) locks in that one order, so
   * two of them on overlapping rows wait for each other instead of deadlocking.
   */
  public void recordUsage(List<UsageUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    List<UsageUpdate> inIdOrder =
        updates.stream().sorted(Comparator.comparing(UsageUpdate::tokenId)).toList();
    db.tx(
        tx -> {
          for (UsageUpdate u : inIdOrder) {
            Optional<Object[]> cur =
                tx.one(
                    "SELECT last_used_at, networks FROM tokens WHERE id = ?" + tx.forUpdate(),
                    rs -> new Object[] {Tx.time(rs, "last_used_at"), rs.getString("networks")},
                    u.tokenId());
            if (cur.isEmpty()) {
              continue;
            }
            Instant last = (Instant) cur.get()[0];
            Map<String, Long> nets = new HashMap<>(Json.longs((String) cur.get()[1]));
            u.networks().forEach((k, v) -> nets.merge(k, v, Math::max));
            boolean newer = last == null || u.lastUsedAt().isAfter(last);
            tx.update(
                "UPDATE tokens SET last_used_at = ?, last_used_ip = COALESCE(?, last_used_ip),"
                    + " networks = ? WHERE id = ?",
                newer ? u.lastUsedAt() : last,
                newer ? u.lastUsedIp() : null,
                Json.writeMap(nets),
                u.tokenId());
            tx.changed(Change.TOKEN_USAGE, u.tokenId());
          }
          return null;
        });
  }

  static Optional<TokenRecord> changedRow(Tx tx, int updated, String id) throws SQLException {
    if (updated == 0) {
      return Optional.empty();
    }
    tx.changed(Change.TOKEN, id);
    return tx.one(select("id = ?"), TokenRepository::row, id);
  }

  /**
   * {@code ORDER BY id} in the byte order of the ids (Java's {@link String#compareTo} for them), so
   * rows locked by a query and rows locked one by one from a list sorted in Java share one order.
   */
  static String inIdOrder(Tx tx) {
    return tx.postgres ? " ORDER BY id COLLATE \"C\"" : " ORDER BY id";
  }

  static String select(String where) {
    return "SELECT " + COLUMNS + " FROM tokens WHERE " + where;
  }

  static Object[] args(TokenRecord t) {
    return new Object[] {
      t.id(),
      t.name(),
      t.clientId(),
      t.secretHash(),
      t.prevSecretHash(),
      Tx.millis(t.prevSecretValidUntil()),
      Json.write(t.apps()),
      Json.write(t.cidrs()),
      t.owner(),
      Json.writeMap(t.labels()),
      t.createdAt(),
      t.secretIssuedAt(),
      Tx.millis(t.expiresAt()),
      Tx.millis(t.revokedAt()),
      Tx.millis(t.suspendedAt()),
      t.suspendedReason(),
      Tx.millis(t.exposedAt()),
      t.exposedVendor(),
      Tx.millis(t.lastUsedAt()),
      t.lastUsedIp(),
      Json.writeMap(t.networks())
    };
  }

  /** Maps a row selected with {@link #COLUMNS}, by column index. */
  static TokenRecord row(ResultSet rs) throws SQLException {
    return new TokenRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Tx.time(rs, 6),
        Json.list(rs.getString(7)),
        Json.list(rs.getString(8)),
        rs.getString(9),
        Json.map(rs.getString(10)),
        Tx.time(rs, 11),
        Tx.time(rs, 12),
        Tx.time(rs, 13),
        Tx.time(rs, 14),
        Tx.time(rs, 15),
        rs.getString(16),
        Tx.time(rs, 17),
        rs.getString(18),
        Tx.time(rs, 19),
        rs.getString(20),
        Json.longs(rs.getString(21)));
  }
}
