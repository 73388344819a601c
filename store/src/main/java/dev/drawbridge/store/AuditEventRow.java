package dev.drawbridge.store;

import java.time.Instant;

/**
 * One audit record shipped from a gateway's local log to the shared {@code audit_events} table.
 *
 * @param id ingestion order in the table (0 before insert)
 * @param gatewayId the gateway whose local chain holds the record
 * @param seq the record's seq in that chain
 * @param json the exact line of the local log (with {@code prev_hash} and {@code hash})
 */
public record AuditEventRow(
    long id,
    String gatewayId,
    long seq,
    Instant time,
    String event,
    String principal,
    String app,
    String decision,
    String json,
    String hash) {}
