package dev.drawbridge.control;

/**
 * The outcome of {@link TokenService#verify}. {@code reason} is null on success, else one of the
 * stable codes below. {@code tokenId}/{@code name} are set whenever the client id was known (also
 * on denials, for the audit log); {@code credentialIdleDays}, {@code newNetwork} and {@code
 * exposed} are set once the secret was proven.
 */
public record TokenCheck(
    boolean ok,
    String reason,
    String tokenId,
    String name,
    Integer credentialIdleDays,
    boolean newNetwork,
    boolean exposed) {

  public static final String UNKNOWN_CREDENTIAL = "unknown_credential";
  public static final String BAD_SECRET = "bad_secret";
  public static final String CREDENTIAL_REVOKED = "credential_revoked";
  public static final String CREDENTIAL_EXPIRED = "credential_expired";
  public static final String CREDENTIAL_SUSPENDED = "credential_suspended";
  public static final String IP_NOT_ALLOWED = "ip_not_allowed";
  public static final String APP_NOT_IN_SCOPE = "app_not_in_scope";

  static final TokenCheck UNKNOWN =
      new TokenCheck(false, UNKNOWN_CREDENTIAL, null, null, null, false, false);

  static TokenCheck badSecret(TokenEntry e) {
    return new TokenCheck(
        false, BAD_SECRET, e.record().id(), e.record().name(), null, false, false);
  }
}
