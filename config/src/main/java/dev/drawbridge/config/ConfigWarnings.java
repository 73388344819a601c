package dev.drawbridge.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings that are valid but weaker than an operator would likely want; {@code drawbridge check}
 * prints them beside the policy lint, and the server logs the same at start.
 */
public final class ConfigWarnings {
  /** {@code where}: the key path; {@code message}: what it means and what to set instead. */
  public record Warning(String where, String message) {}

  private ConfigWarnings() {}

  public static List<Warning> of(DrawbridgeConfig cfg) {
    List<Warning> out = new ArrayList<>();
    IdentityConfig.Webauthn w = cfg.identity().webauthn();
    if (w != null && !w.allowedAaguids().isEmpty() && w.attestationRoots().isEmpty()) {
      out.add(
          new Warning(
              "identity.webauthn.allowed_aaguids",
              "a key's model (AAGUID) is what the key says about itself: without"
                  + " identity.webauthn.attestation_roots any authenticator, a software one too,"
                  + " can claim a listed model (expected: attestation_roots with the vendors'"
                  + " attestation root CAs)"));
    }
    if (w != null && !"required".equals(w.attestation())) {
      out.add(
          new Warning(
              "identity.webauthn.attestation",
              w.attestation()
                  + " lets any authenticator, a software one too, enrol: a sign-in with it counts"
                  + " as a hardware key and satisfies auth_method: hwk (expected: attestation:"
                  + " required with attestation_roots of your keys' vendors, where hwk must mean"
                  + " a hardware key)"));
    }
    if (!cfg.store().embedded() && cfg.store().encryptionKey() == null) {
      out.add(
          new Warning(
              "store",
              "the assertion signing keys will be stored in clear in PostgreSQL, where whoever"
                  + " can read the database can sign assertions (expected: store.encryption_key,"
                  + " e.g. \"${env:DRAWBRIDGE_STORE_KEY}\" from `openssl rand -base64 32`)"));
    }
    return out;
  }
}
