package dev.drawbridge.store;

import java.time.Instant;

/** A registered security key. Byte fields are stored as base64url text. */
public record WebauthnCredential(
    byte[] credentialId,
    String userEmail,
    byte[] publicKeyCose,
    long signatureCount,
    String aaguid,
    Instant createdAt) {}
