package dev.drawbridge.identity.signals;

/**
 * Why a logout token or a Security Event Token was refused: {@code reason}, a stable code for the
 * audit event ({@code bad_signature}, {@code replayed_jti}…); {@code err}, the RFC 8935 error code
 * ({@code invalid_request}, {@code invalid_key}, {@code invalid_issuer}, {@code invalid_audience},
 * {@code authentication_failed}). The message may name claims but never carries the token.
 */
final class SignalFailure extends Exception {
  private final String reason;
  private final String err;

  SignalFailure(String reason, String err, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.err = err;
  }

  String reason() {
    return reason;
  }

  String err() {
    return err;
  }
}
