package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Declared breaches, and their containment applied in one transaction. */
public final class BreachRepository {
  private final Db db;

  BreachRepository(Db db) {
    this.db = db;
  }

  /**
   * Records the breach and, in the same transaction: every unrevoked token with a label value equal
   * to the vendor (ignoring case) whose secret was issued before {@code since} is marked exposed
   * and, by action, suspended ({@code suspend}) or revoked ({@code revoke}); every unrevoked
   * session whose identity provider is the vendor (ignoring case) is revoked. A token named by the
   * vendor whose current secret was issued on or after {@code since} but whose previous secret is
   * still in its rotation grace has that grace ended at {@code declaredAt} (unless the action is
   * {@code report}): the previous secret existed during the breach.
   */
  public BreachOutcome declare(BreachRecord b) {
    if (!List.of("suspend", "revoke", "report").contains(b.action())) {
      throw new IllegalArgumentException(
          "action: \"" + b.action() + "\" (expected: suspend, revoke or report)");
    }
    String vendor = b.vendor().toLowerCase(Locale.ROOT);
    return db.tx(
        tx -> {
          tx.update(
              "INSERT INTO breaches (id, vendor, since, action, declared_at, declared_by)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              b.id(),
              b.vendor(),
              b.since(),
              b.action(),
              b.declaredAt(),
              b.declaredBy());
          tx.changed(Change.BREACH, b.id());
          // One locking query, rows locked in id order (the order of every multi-row write to
          // tokens, see TokenRepository#recordUsage): the tokens whose secret was issued before
          // `since` (to contain) and, unless only reporting, those rotated since then whose
          // previous secret is still in its grace (to end it).
          boolean endGrace = !b.action().equals("report");
          List<TokenRecord> locked =
              tx.query(
                  TokenRepository.select(
                          "revoked_at IS NULL AND (secret_issued_at < ?"
                              + (endGrace
                                  ? " OR (prev_secret_hash IS NOT NULL"
                                      + " AND prev_secret_valid_until > ?))"
                                  : ")"))
                      + TokenRepository.inIdOrder(tx)
                      + tx.forUpdate(),
                  TokenRepository::row,
                  endGrace ? new Object[] {b.since(), b.declaredAt()} : new Object[] {b.since()});
          List<TokenRecord> affected = new ArrayList<>();
          List<TokenRecord> graceEnded = new ArrayList<>();
          for (TokenRecord t : locked) {
            if (!names(t, vendor)) {
              continue;
            }
            if (t.secretIssuedAt().isBefore(b.since())) {
              affected.add(contain(tx, t, b));
            } else {
              tx.update(
                  "UPDATE tokens SET prev_secret_valid_until = ? WHERE id = ?",
                  b.declaredAt(),
                  t.id());
              graceEnded.add(TokenRepository.changedRow(tx, 1, t.id()).orElseThrow());
            }
          }
          affected.sort(Comparator.comparing(TokenRecord::name));
          graceEnded.sort(Comparator.comparing(TokenRecord::name));
          List<String> sessions =
              tx.query(
                  "SELECT id FROM sessions WHERE lower(idp) = ? AND revoked_at IS NULL"
                      + " ORDER BY id",
                  rs -> rs.getString(1),
                  vendor);
          for (String id : sessions) {
            tx.update("UPDATE sessions SET revoked_at = ? WHERE id = ?", b.declaredAt(), id);
            tx.changed(Change.SESSION, id);
          }
          return new BreachOutcome(b, affected, graceEnded, sessions);
        });
  }

  private static boolean names(TokenRecord t, String vendor) {
    return t.labels().values().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(vendor));
  }

  private static TokenRecord contain(Tx tx, TokenRecord t, BreachRecord b) throws SQLException {
    String set = "exposed_at = ?, exposed_vendor = ?";
    if (b.action().equals("suspend")) {
      set += ", suspended_at = COALESCE(suspended_at, ?), suspended_reason = ?";
      tx.update(
          "UPDATE tokens SET " + set + " WHERE id = ?",
          b.declaredAt(),
          b.vendor(),
          b.declaredAt(),
          "breach:" + b.vendor(),
          t.id());
    } else if (b.action().equals("revoke")) {
      set += ", revoked_at = COALESCE(revoked_at, ?)";
      tx.update(
          "UPDATE tokens SET " + set + " WHERE id = ?",
          b.declaredAt(),
          b.vendor(),
          b.declaredAt(),
          t.id());
    } else {
      tx.update("UPDATE tokens SET " + set + " WHERE id = ?", b.declaredAt(), b.vendor(), t.id());
    }
    return TokenRepository.changedRow(tx, 1, t.id()).orElseThrow();
  }

  /** All declared breaches, newest first. */
  public List<BreachRecord> all() {
    return db.read(
        tx -> tx.query("SELECT * FROM breaches ORDER BY declared_at DESC", BreachRepository::row));
  }

  private static BreachRecord row(ResultSet rs) throws SQLException {
    return new BreachRecord(
        rs.getString("id"),
        rs.getString("vendor"),
        Tx.time(rs, "since"),
        rs.getString("action"),
        Tx.time(rs, "declared_at"),
        rs.getString("declared_by"));
  }
}
