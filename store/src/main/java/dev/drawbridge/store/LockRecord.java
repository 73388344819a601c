package dev.drawbridge.store;

import java.time.Instant;

/** A row of {@code locks}; {@code expiresAt} null means until unlocked. */
public record LockRecord(
    String principal, String reason, String createdBy, Instant createdAt, Instant expiresAt) {}
