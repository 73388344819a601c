package dev.drawbridge.store;

import java.sql.SQLException;

/** A database failure, unchecked. {@link Conflict} when a unique key is already taken. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A row with the same unique key (for example a token name) already exists. */
  public static final class Conflict extends StoreException {
    public Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static StoreException wrap(SQLException e) {
    if (isUniqueViolation(e)) {
      return new Conflict("unique key already exists: " + e.getMessage(), e);
    }
    return new StoreException("store: " + e.getMessage(), e);
  }

  private static boolean isUniqueViolation(SQLException e) {
    if ("23505".equals(e.getSQLState())) {
      return true; // PostgreSQL unique_violation
    }
    String m = e.getMessage();
    return m != null && m.contains("UNIQUE constraint failed"); // SQLite
  }
}
