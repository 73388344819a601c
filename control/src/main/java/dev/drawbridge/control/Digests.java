package dev.drawbridge.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a secret or cookie value (ASCII), with one digest per thread: {@code
 * MessageDigest.getInstance} looks the provider up on every call, a measurable part of a
 * service-token or session request's decision. Used for token secrets and session cookies alike.
 */
public final class Digests {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private Digests() {}

  /** SHA-256 of {@code value}'s US-ASCII bytes. */
  public static byte[] sha256(String value) {
    return SHA256.get().digest(value.getBytes(StandardCharsets.US_ASCII));
  }
}
