package dev.drawbridge.store;

import java.time.Instant;

/**
 * Token ids ({@code jti}) already accepted, per issuer: the replay guard of back-channel logout
 * tokens and Security Event Tokens, shared by every gateway on the same store.
 */
public final class SeenTokenRepository {
  private final Db db;

  SeenTokenRepository(Db db) {
    this.db = db;
  }

  /**
   * Records {@code jti} of {@code issuer} until {@code expiresAt}; true if it was not seen before
   * (and had not expired at {@code now}). Of gateways recording the same id at once, exactly one
   * gets true: the primary key admits one row.
   */
  public boolean firstUse(String issuer, String jti, Instant expiresAt, Instant now) {
    return db.tx(
        tx -> {
          tx.update("DELETE FROM seen_token_ids WHERE expires_at <= ?", now);
          return tx.update(
                  "INSERT INTO seen_token_ids (issuer, jti, expires_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  issuer,
                  jti,
                  expiresAt)
              == 1;
        });
  }
}
