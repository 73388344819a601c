package dev.drawbridge.control;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Token identifiers and secrets.
 *
 * <p>Secrets are 256 bits from {@link SecureRandom}, shown once as base64url (43 chars), and stored
 * only as SHA-256. A slow password hash (bcrypt, scrypt, Argon2) exists to make guessing a
 * <em>low-entropy, human-chosen</em> password from its hash expensive; a 256-bit random secret
 * cannot be guessed at any hashing speed (2^256 trials), so a fast hash loses nothing and keeps
 * verification in microseconds on every request, where a work factor of ~100 ms per request would
 * be a denial-of-service lever.
 */
final class Secrets {
  static final String CLIENT_ID_PREFIX = "dbt_";
  static final int CLIENT_ID_LENGTH = CLIENT_ID_PREFIX.length() + 26;
  static final int SECRET_LENGTH = 43;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Secrets() {}

  /** {@code dbt_} + 26 lowercase base32 chars (128 random bits). */
  static String newClientId() {
    return CLIENT_ID_PREFIX + base32(random(16));
  }

  static String newTokenId() {
    return "tok_" + base32(random(10));
  }

  static String newId(String prefix) {
    return prefix + base32(random(10));
  }

  /** 256 random bits, base64url without padding (43 chars). */
  static String newSecret() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
  }

  /** Shape check in O(1) work for over-long input: length first, then the charset. */
  static boolean isClientId(String s) {
    if (s == null || s.length() != CLIENT_ID_LENGTH || !s.startsWith(CLIENT_ID_PREFIX)) {
      return false;
    }
    for (int i = CLIENT_ID_PREFIX.length(); i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
        return false;
      }
    }
    return true;
  }

  static boolean isSecret(String s) {
    if (s == null || s.length() != SECRET_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static byte[] sha256(String secret) {
    return Digests.sha256(secret);
  }

  static String hex(byte[] b) {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = HEX[(b[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[b[i] & 0xf];
    }
    return new String(out);
  }

  static byte[] unhex(String s) {
    if (s == null) {
      return null;
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s, 2 * i, 2 * i + 2, 16);
    }
    return out;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String base32(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte d : data) {
      buffer = (buffer << 8) | (d & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }
}
