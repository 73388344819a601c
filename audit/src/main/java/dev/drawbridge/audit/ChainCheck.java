package dev.drawbridge.audit;

import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * Verifies one gateway's chain as shipped to the shared table, line by line in seq order: seqs
 * gapless from 1, each {@code prev_hash} the previous {@code hash}, each {@code hash} recomputed
 * ({@link HashChain}). Checkpoint signatures stay in the gateway's own data dir ({@link
 * AuditVerifier}); a cut tail of the shared copy is detected by comparing {@link #lastSeq} with the
 * gateway's local log.
 */
public final class ChainCheck {
  private long lastSeq;
  private String lastHash = HashChain.GENESIS;
  private long verified;
  private Long badSeq;
  private String problem;

  /** Checks the next line; returns false (and keeps the first problem) once the chain is bad. */
  public boolean accept(String json) {
    if (problem != null) {
      return false;
    }
    LinkedHashMap<String, Object> m;
    try {
      m = AuditJson.parse(json);
    } catch (IOException | RuntimeException e) {
      return fail(lastSeq + 1, "not JSON");
    }
    if (!(m.get("seq") instanceof Number n)) {
      return fail(lastSeq + 1, "no seq");
    }
    long seq = n.longValue();
    if (seq != lastSeq + 1) {
      return fail(lastSeq + 1, "missing (next shipped seq is " + seq + ")");
    }
    if (!lastHash.equals(m.get("prev_hash"))) {
      return fail(seq, "prev_hash does not match the hash of seq " + lastSeq);
    }
    Object hash = m.remove("hash");
    if (!(hash instanceof String h) || !h.equals(HashChain.hash(lastHash, m))) {
      return fail(seq, "hash does not match the event (changed after it was written)");
    }
    lastSeq = seq;
    lastHash = h;
    verified++;
    return true;
  }

  private boolean fail(long seq, String why) {
    badSeq = seq;
    problem = why;
    return false;
  }

  public long lastSeq() {
    return lastSeq;
  }

  public VerifyResult result() {
    return new VerifyResult(problem == null, verified, badSeq, problem);
  }
}
