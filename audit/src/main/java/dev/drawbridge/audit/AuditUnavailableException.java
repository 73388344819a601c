package dev.drawbridge.audit;

/** The audit log cannot make events durable right now (e.g. disk full): answer 503. */
public final class AuditUnavailableException extends RuntimeException {
  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
