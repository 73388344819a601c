package dev.drawbridge.store;

import java.util.List;
import java.util.Optional;

/** The groups of local (security-key) users, shared by the gateways on one PostgreSQL. */
public final class LocalUserRepository {
  private final Db db;

  LocalUserRepository(Db db) {
    this.db = db;
  }

  /** Records (or replaces) a user's groups. */
  public void put(String email, List<String> groups) {
    db.tx(
        tx ->
            tx.update(
                "INSERT INTO local_users (email, groups) VALUES (?, ?)"
                    + " ON CONFLICT (email) DO UPDATE SET groups = excluded.groups",
                email,
                Json.write(groups)));
  }

  /** A user's groups, or empty for a user never recorded. */
  public Optional<List<String>> groups(String email) {
    return db.read(
        tx ->
            tx.one(
                "SELECT groups FROM local_users WHERE email = ?",
                rs -> Json.list(rs.getString(1)),
                email));
  }
}
