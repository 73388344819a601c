package dev.drawbridge.identity.oidc;

/**
 * A rejected login with its stable audit reason ({@code state_mismatch}, {@code nonce_mismatch},
 * {@code bad_signature}, {@code alg_not_allowed}, {@code token_expired}, {@code wrong_audience},
 * {@code wrong_issuer}, …). The message is for the operator's log, never for the client.
 */
public final class LoginFailure extends Exception {
  private final String reason;

  public LoginFailure(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public LoginFailure(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
