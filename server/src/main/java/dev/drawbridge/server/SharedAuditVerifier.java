package dev.drawbridge.server;

import dev.drawbridge.audit.ChainCheck;
import dev.drawbridge.audit.VerifyResult;
import dev.drawbridge.store.AuditEventRow;
import dev.drawbridge.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies the shared audit table of a scale-out deployment: one hash chain per gateway (see {@code
 * dev.drawbridge.audit} package-info), each checked gapless from seq 1 with every hash recomputed.
 * Checkpoint signatures stay in each gateway's data dir; verify those with {@code audit verify
 * --data-dir} on each gateway.
 */
public final class SharedAuditVerifier {
  static final int PAGE = 5000;

  private SharedAuditVerifier() {}

  /** Each gateway id with the result of its chain in the shared table, sorted by id. */
  public static Map<String, VerifyResult> verify(Store store) {
    Map<String, VerifyResult> out = new LinkedHashMap<>();
    for (String gw : store.auditEvents().gateways()) {
      ChainCheck check = new ChainCheck();
      long after = 0;
      while (true) {
        List<AuditEventRow> page = store.auditEvents().chain(gw, after, PAGE);
        boolean ok = true;
        for (AuditEventRow r : page) {
          if (!check.accept(r.json())) {
            ok = false;
            break;
          }
          after = r.seq();
        }
        if (!ok || page.size() < PAGE) {
          break;
        }
      }
      out.put(gw, check.result());
    }
    return out;
  }
}
