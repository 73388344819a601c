package dev.drawbridge.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <admin token>} in constant time: both sides are hashed first,
 * so neither the content nor the length of the token leaks through timing. No token configured
 * means every request is refused (fail closed).
 */
final class BearerAuth {
  private static final int MAX_HEADER = 4096;
  private final byte[] expected;

  BearerAuth(String adminToken) {
    this.expected = adminToken == null || adminToken.isBlank() ? null : sha256(adminToken.trim());
  }

  boolean accepts(String authorization) {
    if (expected == null || authorization == null || authorization.length() > MAX_HEADER) {
      return false;
    }
    String h = authorization.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(sha256(h.substring(7).trim()), expected);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
