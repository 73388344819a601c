package dev.drawbridge.admin.scim;

/** A SCIM error response (RFC 7644 §3.12): HTTP status, {@code scimType} (may be null), detail. */
final class ScimError extends RuntimeException {
  final int status;
  final String scimType;

  ScimError(int status, String scimType, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.scimType = scimType;
  }

  static ScimError invalid(String detail) {
    return new ScimError(400, "invalidValue", detail);
  }

  static ScimError notFound(String what) {
    return new ScimError(404, null, what + " not found");
  }
}
