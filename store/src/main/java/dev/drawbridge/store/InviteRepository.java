package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Enrolment invites. {@link #markUsed} is atomic, so an invite is redeemed at most once. */
public final class InviteRepository {
  private final Db db;

  InviteRepository(Db db) {
    this.db = db;
  }

  public void insert(Invite i) {
    db.tx(
        tx -> {
          tx.update(
              "INSERT INTO invites (token_hash, email, groups, expires_at, used_at)"
                  + " VALUES (?, ?, ?, ?, ?)",
              i.tokenHash(),
              i.email(),
              Json.write(i.groups()),
              i.expiresAt(),
              Tx.millis(i.usedAt()));
          tx.changed(Change.INVITE, i.tokenHash());
          return null;
        });
  }

  public Optional<Invite> find(String tokenHash) {
    return db.read(
        tx ->
            tx.one("SELECT * FROM invites WHERE token_hash = ?", InviteRepository::row, tokenHash));
  }

  /** True for the one caller that redeems an unused, unexpired invite. */
  public boolean markUsed(String tokenHash, Instant at) {
    return db.tx(
        tx -> {
          int n =
              tx.update(
                  "UPDATE invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
                      + " AND expires_at > ?",
                  at,
                  tokenHash,
                  at);
          if (n > 0) {
            tx.changed(Change.INVITE, tokenHash);
          }
          return n > 0;
        });
  }

  private static Invite row(ResultSet rs) throws SQLException {
    return new Invite(
        rs.getString("token_hash"),
        rs.getString("email"),
        Json.list(rs.getString("groups")),
        Tx.time(rs, "expires_at"),
        Tx.time(rs, "used_at"));
  }
}
