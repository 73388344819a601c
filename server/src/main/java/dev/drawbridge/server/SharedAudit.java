package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.audit.AuditTail;
import dev.drawbridge.store.AuditEventRow;
import dev.drawbridge.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scale-out audit wiring of one gateway (only with {@code store.url}): the shipper of the local
 * log to the shared table, the detection leader election, and queries over every gateway's events.
 */
final class SharedAudit implements AutoCloseable {
  private final String gatewayId;
  private final Store store;
  private final SharedAuditShipper shipper;
  private final DetectionLeader leader;

  private SharedAudit(
      String gatewayId, Store store, SharedAuditShipper shipper, DetectionLeader leader) {
    this.gatewayId = gatewayId;
    this.store = store;
    this.shipper = shipper;
    this.leader = leader;
  }

  static SharedAudit start(
      Path dataDir, Store store, AuditLog audit, Consumer<AuditRecord> detection)
      throws IOException {
    String id = GatewayId.loadOrCreate(dataDir);
    SharedAuditShipper shipper = new SharedAuditShipper(id, audit, store.auditEvents()).start();
    DetectionLeader leader = new DetectionLeader(store, detection).start();
    return new SharedAudit(id, store, shipper, leader);
  }

  String gatewayId() {
    return gatewayId;
  }

  boolean leading() {
    return leader.leading();
  }

  /** Access events of every gateway matching {@code q}, in (time, gateway, seq) order. */
  List<Map<String, Object>> query(AuditQuery q) {
    List<AuditEventRow> rows =
        store
            .auditEvents()
            .query(q.principal(), q.app(), q.decision(), q.since(), q.until(), q.limit());
    List<Map<String, Object>> out = new ArrayList<>(rows.size());
    for (AuditEventRow r : rows) {
      try {
        Map<String, Object> m = new LinkedHashMap<>(AuditTail.parse(r.json()).fields());
        m.put("gateway_id", r.gatewayId());
        out.add(m);
      } catch (IOException e) {
        // a row that is not JSON is reported by `audit verify --config`; skip it here
      }
    }
    return out;
  }

  /** Stops taking part in detection (releases the leader lock at once). */
  void stopDetection() {
    leader.close();
  }

  @Override
  public void close() {
    leader.close();
    shipper.close(3000);
  }
}
