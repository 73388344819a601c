package dev.drawbridge.store;

import java.time.Instant;

/**
 * A declared vendor breach. {@code action} is {@code suspend}, {@code revoke} or {@code report}.
 */
public record BreachRecord(
    String id,
    String vendor,
    Instant since,
    String action,
    Instant declaredAt,
    String declaredBy) {}
