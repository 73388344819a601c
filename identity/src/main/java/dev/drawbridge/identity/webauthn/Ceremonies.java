package dev.drawbridge.identity.webauthn;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.StartRegistrationOptions;
import com.yubico.webauthn.attestation.AttestationTrustSource;
import com.yubico.webauthn.data.AttestationConveyancePreference;
import com.yubico.webauthn.data.AttestationType;
import com.yubico.webauthn.data.AuthenticatorAssertionResponse;
import com.yubico.webauthn.data.AuthenticatorAttestationResponse;
import com.yubico.webauthn.data.AuthenticatorSelectionCriteria;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.ClientAssertionExtensionOutputs;
import com.yubico.webauthn.data.ClientRegistrationExtensionOutputs;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.data.ResidentKeyRequirement;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.data.UserVerificationRequirement;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.config.PemCertificates;
import dev.drawbridge.identity.oidc.LoginFailure;
import dev.drawbridge.store.WebauthnCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Registration and assertion ceremonies (WebAuthn Level 2 §7.1 and §7.2, done by the Yubico
 * library) with Drawbridge's rules: user verification is required, and under {@code attestation:
 * required} the authenticator must present an attestation (not a self attestation) whose AAGUID is
 * on {@code allowed_aaguids} (when the list is set) and, when {@code attestation_roots} is set,
 * whose certificate chains to one of those roots. Failure reasons: {@code attestation_not_allowed},
 * {@code attestation_untrusted}, {@code registration_failed}, {@code unknown_credential}, {@code
 * assertion_failed}.
 */
public final class Ceremonies {
  private final RelyingParty rp;
  private final StoreCredentialRepository creds;
  private final IdentityConfig.Webauthn cfg;
  private final Clock clock;
  private final Set<X509Certificate> trustRoots;

  /**
   * @throws IllegalArgumentException if a file of {@code attestation_roots} can no longer be read
   *     (it was checked when the config was loaded)
   */
  public Ceremonies(IdentityConfig.Webauthn cfg, StoreCredentialRepository creds, Clock clock) {
    this.cfg = cfg;
    this.creds = creds;
    this.clock = clock;
    Set<X509Certificate> roots = new HashSet<>();
    for (Path f : cfg.attestationRoots()) {
      try {
        roots.addAll(PemCertificates.read(f));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "identity.webauthn.attestation_roots: file " + f + " " + e.getMessage(), e);
      }
    }
    this.trustRoots = Set.copyOf(roots);
    RelyingParty.RelyingPartyBuilder b =
        RelyingParty.builder()
            .identity(RelyingPartyIdentity.builder().id(cfg.rpId()).name(cfg.rpName()).build())
            .credentialRepository(creds)
            .origins(Set.of("https://" + cfg.rpId(), "http://" + cfg.rpId()))
            .allowOriginPort(true)
            .allowOriginSubdomain(true)
            .attestationConveyancePreference(
                "none".equals(cfg.attestation())
                    ? AttestationConveyancePreference.NONE
                    : AttestationConveyancePreference.DIRECT)
            // Trust is checked in finishRegistration, so that a refusal has its own reason.
            .allowUntrustedAttestation(true)
            .clock(clock);
    if (!trustRoots.isEmpty()) {
      b.attestationTrustSource(
          (chain, aaguid) ->
              AttestationTrustSource.TrustRootsResult.builder()
                  .trustRoots(trustRoots)
                  .enableRevocationChecking(false) // vendors' attestation CAs publish no CRLs
                  .build());
    }
    this.rp = b.build();
  }

  public String rpId() {
    return cfg.rpId();
  }

  public PublicKeyCredentialCreationOptions startRegistration(String email) {
    creds.learn(email);
    return rp.startRegistration(
        StartRegistrationOptions.builder()
            .user(
                UserIdentity.builder()
                    .name(email)
                    .displayName(email)
                    .id(UserHandles.of(email))
                    .build())
            .authenticatorSelection(
                AuthenticatorSelectionCriteria.builder()
                    .residentKey(ResidentKeyRequirement.PREFERRED)
                    .userVerification(UserVerificationRequirement.REQUIRED)
                    .build())
            .timeout(120_000L)
            .build());
  }

  /** Verifies a registration response and checks the attestation policy; does not store it. */
  public RegistrationResult finishRegistration(
      PublicKeyCredentialCreationOptions request, String credentialJson) throws LoginFailure {
    RegistrationResult r;
    try {
      PublicKeyCredential<AuthenticatorAttestationResponse, ClientRegistrationExtensionOutputs>
          pkc = PublicKeyCredential.parseRegistrationResponseJson(credentialJson);
      r =
          rp.finishRegistration(
              FinishRegistrationOptions.builder().request(request).response(pkc).build());
    } catch (Exception e) {
      throw new LoginFailure("registration_failed", "registration refused: " + e.getMessage(), e);
    }
    if (!r.isUserVerified()) {
      throw new LoginFailure("registration_failed", "the authenticator did not verify the user");
    }
    String aaguid = aaguid(r.getAaguid());
    if ("required".equals(cfg.attestation())) {
      if (r.getAttestationType() == AttestationType.NONE) {
        throw new LoginFailure(
            "attestation_not_allowed",
            "the security key sent no attestation (identity.webauthn.attestation: required)");
      }
      if (r.getAttestationType() == AttestationType.SELF_ATTESTATION) {
        // Signed with the new credential's own key: it proves nothing about the model.
        throw new LoginFailure(
            "attestation_not_allowed",
            "the security key sent only a self attestation, which does not show its model"
                + " (identity.webauthn.attestation: required)");
      }
      if (!trustRoots.isEmpty() && !r.isAttestationTrusted()) {
        throw new LoginFailure(
            "attestation_untrusted",
            "the attestation of security key model "
                + aaguid
                + " ("
                + issuer(r)
                + ") does not chain to identity.webauthn.attestation_roots");
      }
    }
    if (!cfg.allowedAaguids().isEmpty() && !cfg.allowedAaguids().contains(aaguid)) {
      throw new LoginFailure(
          "attestation_not_allowed",
          "security key model " + aaguid + " is not in identity.webauthn.allowed_aaguids");
    }
    return r;
  }

  /** Stores a verified registration for {@code email}. */
  public void store(String email, RegistrationResult r) {
    creds.insert(
        new WebauthnCredential(
            r.getKeyId().getId().getBytes(),
            email,
            r.getPublicKeyCose().getBytes(),
            r.getSignatureCount(),
            aaguid(r.getAaguid()),
            clock.instant()));
  }

  /** An assertion request; {@code email} null for a usernameless (discoverable) login. */
  public AssertionRequest startAssertion(String email) {
    StartAssertionOptions.StartAssertionOptionsBuilder b =
        StartAssertionOptions.builder()
            .userVerification(UserVerificationRequirement.REQUIRED)
            .timeout(120_000L);
    if (email != null) {
      b.username(email);
    }
    return rp.startAssertion(b.build());
  }

  /** True if this user has at least one registered key. */
  public boolean hasKey(String email) {
    return !creds.getCredentialIdsForUsername(email).isEmpty();
  }

  /** Verifies an assertion; returns the e-mail of the key's owner. */
  public String finishAssertion(AssertionRequest request, String credentialJson)
      throws LoginFailure {
    PublicKeyCredential<AuthenticatorAssertionResponse, ClientAssertionExtensionOutputs> pkc;
    try {
      pkc = PublicKeyCredential.parseAssertionResponseJson(credentialJson);
    } catch (Exception e) {
      throw new LoginFailure("assertion_failed", "malformed assertion", e);
    }
    if (creds.find(pkc.getId()).isEmpty()) {
      throw new LoginFailure("unknown_credential", "assertion from a key that is not registered");
    }
    AssertionResult r;
    try {
      r =
          rp.finishAssertion(
              FinishAssertionOptions.builder().request(request).response(pkc).build());
    } catch (Exception e) {
      throw new LoginFailure("assertion_failed", "assertion refused: " + e.getMessage(), e);
    }
    if (!r.isSuccess() || !r.isUserVerified()) {
      throw new LoginFailure("assertion_failed", "assertion not verified with user verification");
    }
    creds.updateSignatureCount(r.getCredential().getCredentialId(), r.getSignatureCount());
    return r.getUsername();
  }

  /** Who issued the attestation certificate, for the refusal's message. */
  private static String issuer(RegistrationResult r) {
    return r.getAttestationTrustPath()
        .filter(l -> !l.isEmpty())
        .map(l -> "certificate issued by " + l.get(0).getIssuerX500Principal().getName())
        .orElse("no certificate");
  }

  static String aaguid(ByteArray a) {
    String h = a.getHex().toLowerCase(Locale.ROOT);
    if (h.length() != 32) {
      return h;
    }
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  List<String> allowedAaguids() {
    return cfg.allowedAaguids();
  }
}
