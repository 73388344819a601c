package dev.drawbridge.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answer: HTTP status, a stable error code, a message for people, errors per field. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String error;
  final transient Map<String, String> fields;

  ApiException(int status, String error, String message, Map<String, String> fields) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
  }

  static ApiException invalid(Map<String, String> fields) {
    return new ApiException(
        400, "invalid_request", "invalid request: " + FieldErrors.summary(fields), fields);
  }

  static ApiException invalid(String field, String problem) {
    return invalid(Map.of(field, problem));
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message, null);
  }

  static ApiException unavailable(String error, String message) {
    return new ApiException(503, error, message, null);
  }
}
