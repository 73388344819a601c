package dev.drawbridge.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** {@code identity:}. */
public record IdentityConfig(
    Session session, List<Provider> providers, boolean localUsers, Webauthn webauthn) {

  public IdentityConfig {
    providers = List.copyOf(providers);
  }

  public record Session(Duration lifetime, Duration idleTimeout) {}

  /** One identity provider; {@code clientSecret} already has {@code ${env:…}} resolved. */
  public record Provider(
      String id,
      String type,
      URI issuer,
      String clientId,
      String clientSecret,
      String groupsClaim,
      List<String> scopes) {}

  /** {@code attestation}: none | preferred | required. */
  public record Webauthn(
      String rpId, String rpName, String attestation, List<String> allowedAaguids) {}

  public static IdentityConfig defaults() {
    return new IdentityConfig(
        new Session(Duration.ofHours(8), Duration.ofHours(1)), List.of(), false, null);
  }
}
