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
    if (w != null && cfg.identity().localUsers()) {
      rpIdScope(cfg, w.rpId(), out);
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

  /**
   * Security-key sign-in runs on {@code public_url}'s host and on each application host whose
   * sign-in cannot hand over to it; the rp id must serve those hosts ({@link RpIdScope}).
   */
  private static void rpIdScope(DrawbridgeConfig cfg, String rpId, List<Warning> out) {
    java.net.URI pub = cfg.server().publicUrl();
    String pubHost = pub == null ? null : pub.getHost();
    boolean pubServed = RpIdScope.serves(rpId, pubHost);
    if (!pubServed) {
      out.add(
          new Warning(
              "identity.webauthn.rp_id",
              "rp_id \""
                  + rpId
                  + "\" cannot serve server.public_url's host \""
                  + pubHost
                  + "\": browsers refuse security-key sign-in there (expected: rp_id equal to that"
                  + " host or a registrable suffix of it, e.g. public_url http://localhost:8080"
                  + " with rp_id localhost)"));
    }
    for (int i = 0; i < cfg.applications().size(); i++) {
      ApplicationConfig app = cfg.applications().get(i);
      for (int j = 0; j < app.hosts().size(); j++) {
        String host = app.hosts().get(j);
        if (RpIdScope.serves(rpId, host)) {
          continue;
        }
        out.add(
            new Warning(
                "applications[" + i + "].hosts[" + j + "]",
                "rp_id \""
                    + rpId
                    + "\" (identity.webauthn.rp_id) cannot serve host \""
                    + host
                    + "\": "
                    + (pubServed
                        ? "security-key sign-in for it runs on server.public_url (\""
                            + pub
                            + "\") and hands the session over"
                        : "browsers refuse security-key sign-in there, and public_url cannot take"
                            + " it over")
                    + " (expected: a host under rp_id to sign in on the host itself)"));
      }
    }
  }
}
