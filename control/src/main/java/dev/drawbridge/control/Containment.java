package dev.drawbridge.control;

/**
 * What the control plane tells the data plane so that what is already flowing obeys it (SPEC §4): a
 * principal was locked, a credential revoked or suspended, a session revoked. The receiver ends
 * what that principal, credential or session has open (in-flight responses, WebSocket and TCP
 * tunnels, keep-alive connections). One interface for every source: an operator's command, a
 * detection rule's lock, a breach declaration, and another process's change read from the store's
 * change feed. Called on the control plane's sync thread (never an event loop); may be called more
 * than once for the same change, so receivers must be idempotent and must not block.
 */
public interface Containment {
  /** Reason codes, as in the access event's {@code terminated} field. */
  String LOCKED = "locked";

  String CREDENTIAL_REVOKED = "credential_revoked";
  String CREDENTIAL_SUSPENDED = "credential_suspended";
  String SESSION_REVOKED = "session_revoked";

  /** {@code principal}: a user e-mail or token name, lower-cased. */
  void principalLocked(String principal, String reason);

  /** {@code credentialId}: a service token's id. */
  void credentialEnded(String credentialId, String reason);

  /** {@code sessionId}: a user session's record id (the access event's {@code credential_id}). */
  void sessionRevoked(String sessionId, String reason);
}
