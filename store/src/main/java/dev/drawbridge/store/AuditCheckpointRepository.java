package dev.drawbridge.store;

import java.util.List;
import java.util.Optional;

/**
 * Signed audit checkpoints kept in the store (SPEC §2): each gateway's checkpoint lines, exactly as
 * in its {@code checkpoints.jsonl}, so that cutting a log's tail together with its checkpoints on
 * disk is caught by {@code audit verify --checkpoint}. Append-only; a line sent twice is kept once.
 */
public final class AuditCheckpointRepository {
  private final Db db;

  AuditCheckpointRepository(Db db) {
    this.db = db;
  }

  /** Keeps one checkpoint line; true when it was new. */
  public boolean insert(String gatewayId, long seq, String hash, String line, long receivedAt) {
    return db.tx(
        tx ->
            tx.update(
                    "INSERT INTO audit_checkpoints (gateway_id, seq, hash, line, received_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    gatewayId,
                    seq,
                    hash,
                    line,
                    receivedAt)
                == 1);
  }

  /** {@code gatewayId}'s checkpoint lines, lowest seq first. */
  public List<String> lines(String gatewayId) {
    return db.read(
        tx ->
            tx.query(
                "SELECT line FROM audit_checkpoints WHERE gateway_id = ? ORDER BY seq, received_at",
                rs -> rs.getString(1),
                gatewayId));
  }

  /** {@code gatewayId}'s checkpoint with the highest seq, if any. */
  public Optional<String> latest(String gatewayId) {
    return db.read(
        tx ->
            tx.one(
                "SELECT line FROM audit_checkpoints WHERE gateway_id = ? ORDER BY seq DESC,"
                    + " received_at DESC LIMIT 1",
                rs -> rs.getString(1),
                gatewayId));
  }
}
