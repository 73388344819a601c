package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The shared assertion signing keys (scale-out). Rotation is append-only: {@link #insert} of the
 * next generation succeeds for exactly one of several processes that try at once, and each then
 * reads back the winner with {@link #all}. A key never changes; only its stored form may ({@link
 * #rewrite}: sealed once an encryption key is set). Keys are deleted once no longer published.
 */
public final class SigningKeyRepository {
  private final Db db;

  SigningKeyRepository(Db db) {
    this.db = db;
  }

  /** Every stored key, oldest generation first; the last one is current. */
  public List<SigningKeyRecord> all() {
    return db.read(
        tx ->
            tx.query(
                "SELECT generation, kid, jwk, created_at FROM signing_keys ORDER BY generation",
                SigningKeyRepository::row));
  }

  /**
   * Stores {@code k} unless its generation (or kid) is already taken, for instance by another
   * process that created or rotated at the same moment. True when this call inserted it.
   */
  public boolean insert(SigningKeyRecord k) {
    return db.tx(
        tx -> {
          int n =
              tx.update(
                  "INSERT INTO signing_keys (generation, kid, jwk, created_at) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  k.generation(),
                  k.kid(),
                  k.jwk(),
                  k.createdAt());
          if (n == 1) {
            tx.changed(Change.SIGNING_KEY, k.kid());
          }
          return n == 1;
        });
  }

  /**
   * Replaces the stored form of key {@code kid} if it is still {@code expected} (e.g. sealing a key
   * stored in clear once {@code store.encryption_key} is set); the key itself does not change. True
   * when this call replaced it.
   */
  public boolean rewrite(String kid, String expected, String replacement) {
    return db.tx(
        tx ->
            tx.update(
                    "UPDATE signing_keys SET jwk = ? WHERE kid = ? AND jwk = ?",
                    replacement,
                    kid,
                    expected)
                == 1);
  }

  /** Deletes the keys with these kids (no longer published); returns how many were deleted. */
  public int delete(List<String> kids) {
    if (kids.isEmpty()) {
      return 0;
    }
    return db.tx(
        tx -> {
          int n = 0;
          for (String kid : kids) {
            if (tx.update("DELETE FROM signing_keys WHERE kid = ?", kid) == 1) {
              tx.changed(Change.SIGNING_KEY, kid);
              n++;
            }
          }
          return n;
        });
  }

  private static SigningKeyRecord row(ResultSet rs) throws SQLException {
    return new SigningKeyRecord(
        rs.getLong("generation"),
        rs.getString("kid"),
        rs.getString("jwk"),
        Tx.time(rs, "created_at"));
  }
}
