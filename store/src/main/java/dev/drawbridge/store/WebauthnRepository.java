package dev.drawbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** WebAuthn credentials (minimal CRUD for the identity module's CredentialRepository). */
public final class WebauthnRepository {
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();
  private final Db db;

  WebauthnRepository(Db db) {
    this.db = db;
  }

  public void insert(WebauthnCredential w) {
    db.tx(
        tx -> {
          String id = ENC.encodeToString(w.credentialId());
          tx.update(
              "INSERT INTO webauthn_credentials (credential_id, user_email, public_key_cose,"
                  + " signature_count, aaguid, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              id,
              w.userEmail(),
              ENC.encodeToString(w.publicKeyCose()),
              w.signatureCount(),
              w.aaguid(),
              w.createdAt());
          tx.changed(Change.WEBAUTHN, id);
          return null;
        });
  }

  public Optional<WebauthnCredential> find(byte[] credentialId) {
    return db.read(
        tx ->
            tx.one(
                "SELECT * FROM webauthn_credentials WHERE credential_id = ?",
                WebauthnRepository::row,
                ENC.encodeToString(credentialId)));
  }

  public List<WebauthnCredential> byUser(String email) {
    return db.read(
        tx ->
            tx.query(
                "SELECT * FROM webauthn_credentials WHERE user_email = ? ORDER BY created_at",
                WebauthnRepository::row,
                email));
  }

  public void updateSignatureCount(byte[] credentialId, long count) {
    db.tx(
        tx ->
            tx.update(
                "UPDATE webauthn_credentials SET signature_count = ? WHERE credential_id = ?",
                count,
                ENC.encodeToString(credentialId)));
  }

  public boolean delete(byte[] credentialId) {
    return db.tx(
        tx -> {
          String id = ENC.encodeToString(credentialId);
          int n = tx.update("DELETE FROM webauthn_credentials WHERE credential_id = ?", id);
          if (n > 0) {
            tx.changed(Change.WEBAUTHN, id);
          }
          return n > 0;
        });
  }

  private static WebauthnCredential row(ResultSet rs) throws SQLException {
    return new WebauthnCredential(
        DEC.decode(rs.getString("credential_id")),
        rs.getString("user_email"),
        DEC.decode(rs.getString("public_key_cose")),
        rs.getLong("signature_count"),
        rs.getString("aaguid"),
        Tx.time(rs, "created_at"));
  }
}
