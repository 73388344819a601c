package dev.drawbridge.control;

import java.time.Instant;

/** A lock on a principal (user e-mail or token name); {@code expiresAt} null: until unlocked. */
public record Lock(
    String principal, String reason, String createdBy, Instant createdAt, Instant expiresAt) {}
