package dev.drawbridge.server.start;

/**
 * The server cannot start, for a reason the operator can fix: the message is one line that names
 * the config key, its value and what to do (e.g. {@code server.admin_listen: 127.0.0.1:9090 is in
 * use (another process listens there); choose another port}).
 */
public final class StartupException extends IllegalStateException {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
