package dev.drawbridge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code identity:}. {@code assertionTtl} ({@code assertion_ttl}, SPEC §4, default 5m): the
 * lifetime of a {@code Drawbridge-Jwt-Assertion}; one is reused until a tenth of it is left. {@code
 * signals} ({@code identity.signals}): the Shared Signals transmitters whose Security Event Tokens
 * are accepted (SPEC §10); {@code scim} ({@code identity.scim}): the SCIM server on the admin
 * listener, null when off.
 */
public record IdentityConfig(
    Session session,
    List<Provider> providers,
    boolean localUsers,
    Webauthn webauthn,
    Duration assertionTtl,
    List<Signal> signals,
    Scim scim) {

  /** Default lifetime of an assertion (SPEC §4). */
  public static final Duration DEFAULT_ASSERTION_TTL = Duration.ofMinutes(5);

  public IdentityConfig {
    providers = List.copyOf(providers);
    assertionTtl = assertionTtl == null ? DEFAULT_ASSERTION_TTL : assertionTtl;
    signals = signals == null ? List.of() : List.copyOf(signals);
  }

  /** With the default {@code assertion_ttl}, without signals and SCIM. */
  public IdentityConfig(
      Session session, List<Provider> providers, boolean localUsers, Webauthn webauthn) {
    this(session, providers, localUsers, webauthn, DEFAULT_ASSERTION_TTL, List.of(), null);
  }

  /** Without signals and SCIM. */
  public IdentityConfig(
      Session session,
      List<Provider> providers,
      boolean localUsers,
      Webauthn webauthn,
      Duration assertionTtl) {
    this(session, providers, localUsers, webauthn, assertionTtl, List.of(), null);
  }

  /** With the default {@code assertion_ttl}. */
  public IdentityConfig(
      Session session,
      List<Provider> providers,
      boolean localUsers,
      Webauthn webauthn,
      List<Signal> signals,
      Scim scim) {
    this(session, providers, localUsers, webauthn, DEFAULT_ASSERTION_TTL, signals, scim);
  }

  /**
   * A Shared Signals transmitter: SETs whose {@code iss} is {@code issuer} are verified with the
   * keys at {@code jwksUri} and must name {@code audience} in {@code aud}.
   */
  public record Signal(String issuer, URI jwksUri, String audience) {}

  /** {@code identity.scim}: {@code token}, the bearer token a provisioning client presents. */
  public record Scim(String token) {}

  public record Session(Duration lifetime, Duration idleTimeout) {}

  /**
   * One identity provider; {@code clientSecret} already has {@code ${env:…}} resolved. {@code
   * assumeEmailVerified} ({@code assume_email_verified}, a Drawbridge addition to SPEC §3, default
   * false): take an ID token without an {@code email_verified} claim as verified, for providers
   * that check addresses themselves and never send the claim (Microsoft Entra ID); an explicit
   * {@code email_verified: false} is refused all the same.
   */
  public record Provider(
      String id,
      String type,
      URI issuer,
      String clientId,
      String clientSecret,
      String groupsClaim,
      List<String> scopes,
      boolean assumeEmailVerified) {}

  /**
   * {@code attestation}: none | preferred | required. {@code attestationRoots} ({@code
   * attestation_roots}, a Drawbridge addition to SPEC §3: PEM files of the key vendors' attestation
   * root CAs): when set, a new key's attestation must chain to one of them, which is what makes
   * {@code allowedAaguids} more than the model the authenticator says it is.
   */
  public record Webauthn(
      String rpId,
      String rpName,
      String attestation,
      List<String> allowedAaguids,
      List<Path> attestationRoots) {
    public Webauthn {
      allowedAaguids = List.copyOf(allowedAaguids);
      attestationRoots = List.copyOf(attestationRoots);
    }
  }

  public static IdentityConfig defaults() {
    return new IdentityConfig(
        new Session(Duration.ofHours(8), Duration.ofHours(1)), List.of(), false, null);
  }
}
