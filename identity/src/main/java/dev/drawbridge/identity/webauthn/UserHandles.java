package dev.drawbridge.identity.webauthn;

import com.yubico.webauthn.data.ByteArray;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** A user's WebAuthn user handle: SHA-256 of the normalized e-mail (no personal data). */
final class UserHandles {
  private UserHandles() {}

  static ByteArray of(String email) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update("drawbridge-user:".getBytes(StandardCharsets.UTF_8));
      return new ByteArray(
          md.digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
