package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SCIM resources (Users, Groups) as JSON, keyed by kind and id, unique by kind and lower-cased name
 * ({@code userName} or {@code displayName}). Shared by every gateway on one store.
 */
public final class ScimRepository {
  private final Db db;

  ScimRepository(Db db) {
    this.db = db;
  }

  /** One stored resource. */
  public record Resource(
      String kind, String id, String nameKey, String data, Instant createdAt, Instant updatedAt) {}

  /** Stores a new resource; false when its name is taken (nothing stored). */
  public boolean insert(String kind, String id, String nameKey, String data, Instant at) {
    return db.tx(
        tx ->
            tx.update(
                    "INSERT INTO scim_resources (kind, id, name_key, data, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    kind,
                    id,
                    nameKey,
                    data,
                    at,
                    at)
                == 1);
  }

  /**
   * Replaces a resource's name and data; false when it does not exist. A name another resource of
   * the kind has is refused with {@link IllegalStateException} (nothing changed).
   */
  public boolean update(String kind, String id, String nameKey, String data, Instant at) {
    return db.tx(
        tx -> {
          Optional<String> other =
              tx.one(
                  "SELECT id FROM scim_resources WHERE kind = ? AND name_key = ? AND id <> ?",
                  rs -> rs.getString(1),
                  kind,
                  nameKey,
                  id);
          if (other.isPresent()) {
            throw new IllegalStateException("name taken");
          }
          return tx.update(
                  "UPDATE scim_resources SET name_key = ?, data = ?, updated_at = ?"
                      + " WHERE kind = ? AND id = ?",
                  nameKey,
                  data,
                  at,
                  kind,
                  id)
              == 1;
        });
  }

  public Optional<Resource> find(String kind, String id) {
    return db.read(
        tx ->
            tx.one(
                "SELECT * FROM scim_resources WHERE kind = ? AND id = ?",
                ScimRepository::row,
                kind,
                id));
  }

  public Optional<Resource> findByName(String kind, String nameKey) {
    return db.read(
        tx ->
            tx.one(
                "SELECT * FROM scim_resources WHERE kind = ? AND name_key = ?",
                ScimRepository::row,
                kind,
                nameKey));
  }

  /** Every resource of the kind, oldest first. */
  public List<Resource> list(String kind) {
    return db.read(
        tx ->
            tx.query(
                "SELECT * FROM scim_resources WHERE kind = ? ORDER BY created_at, id",
                ScimRepository::row,
                kind));
  }

  /** True if it existed. */
  public boolean delete(String kind, String id) {
    return db.tx(
        tx -> tx.update("DELETE FROM scim_resources WHERE kind = ? AND id = ?", kind, id) == 1);
  }

  private static Resource row(ResultSet rs) throws SQLException {
    return new Resource(
        rs.getString("kind"),
        rs.getString("id"),
        rs.getString("name_key"),
        rs.getString("data"),
        Tx.time(rs, "created_at"),
        Tx.time(rs, "updated_at"));
  }
}
