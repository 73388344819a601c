package dev.drawbridge.identity.webauthn;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.StartRegistrationOptions;
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
import dev.drawbridge.identity.oidc.LoginFailure;
import dev.drawbridge.store.WebauthnCredential;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Registration and assertion ceremonies (WebAuthn Level 2 §7.1 and §7.2, done by the Yubico
 * library) with Drawbridge's rules: user verification is required, and under {@code attestation:
 * required} the authenticator must present an attestation whose AAGUID is on {@code
 * allowed_aaguids} (when the list is set). Failure reasons: {@code attestation_not_allowed}, {@code
 * registration_failed}, {@code unknown_credential}, {@code assertion_failed}.
 */
public final class Ceremonies {
  private final RelyingParty rp;
  private final StoreCredentialRepository creds;
  private final IdentityConfig.Webauthn cfg;
  private final Clock clock;

  public Ceremonies(IdentityConfig.Webauthn cfg, StoreCredentialRepository creds, Clock clock) {
    this.cfg = cfg;
    this.creds = creds;
    this.clock = clock;
    this.rp =
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
            .allowUntrustedAttestation(true)
            .clock(clock)
            .build();
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
    boolean attested = r.getAttestationType() != AttestationType.NONE;
    if ("required".equals(cfg.attestation()) && !attested) {
      throw new LoginFailure(
          "attestation_not_allowed",
          "the security key sent no attestation (identity.webauthn.attestation: required)");
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
