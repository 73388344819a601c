package dev.drawbridge.identity.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.identity.oidc.LoginFailure;
import dev.drawbridge.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attestation: required} with {@code allowed_aaguids} against a software authenticator that
 * claims a listed hardware model: only {@code attestation_roots} tell the vendor's keys from a
 * forgery, and a self attestation never counts.
 */
class AttestationTrustTest {
  static final UUID LISTED = UUID.fromString("cb69481e-8ff7-4039-93ec-0a2729a154a8");
  static final UUID OTHER = UUID.fromString("ee882879-721c-4913-9775-3dfcce97072a");
  static final String ORIGIN = "http://localhost";

  @TempDir Path dir;
  final SoftwareKey.Ca vendor = SoftwareKey.Ca.create("Key Vendor");
  final SoftwareKey.Ca attacker = SoftwareKey.Ca.create("Key Vendor"); // same name, other key
  Store store;

  @BeforeEach
  void open() throws Exception {
    store = Store.open(null, dir.resolve("data"), Clock.systemUTC());
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  private Ceremonies ceremonies(List<Path> roots) {
    return new Ceremonies(
        new IdentityConfig.Webauthn(
            "localhost", "Drawbridge", "required", List.of(LISTED.toString()), roots),
        new StoreCredentialRepository(store.webauthn()),
        Clock.systemUTC());
  }

  private List<Path> vendorRoot() throws Exception {
    return List.of(vendor.writePem(dir.resolve("vendor-root.pem")));
  }

  private static LoginFailure refusal(
      Ceremonies c, String email, UUID model, SoftwareKey.Attestation how) {
    PublicKeyCredentialCreationOptions req = c.startRegistration(email);
    String response = SoftwareKey.register(req, ORIGIN, model, how);
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(() -> c.finishRegistration(req, response));
    assertThat(t).isInstanceOf(LoginFailure.class);
    return (LoginFailure) t;
  }

  @Test
  void aSelfAttestationClaimingAListedModelIsRefused() {
    LoginFailure f = refusal(ceremonies(List.of()), "eve@corp.example", LISTED, null);
    assertThat(f.reason()).isEqualTo("attestation_not_allowed");
    assertThat(f.getMessage()).contains("self attestation");
  }

  /** Why attestation_roots exists: without them a certificate of one's own making is taken. */
  @Test
  void withoutRootsACertificateOfTheKeysOwnMakingIsTakenAtItsWord() throws Exception {
    Ceremonies c = ceremonies(List.of());
    PublicKeyCredentialCreationOptions req = c.startRegistration("eve@corp.example");
    RegistrationResult r =
        c.finishRegistration(
            req, SoftwareKey.register(req, ORIGIN, LISTED, attacker.attest(LISTED)));
    assertThat(Ceremonies.aaguid(r.getAaguid())).isEqualTo(LISTED.toString());
    assertThat(r.isAttestationTrusted()).isFalse();
  }

  @Test
  void withRootsAnAttestationFromAnotherCaIsRefusedAsUntrusted() throws Exception {
    LoginFailure f =
        refusal(ceremonies(vendorRoot()), "eve@corp.example", LISTED, attacker.attest(LISTED));
    assertThat(f.reason()).isEqualTo("attestation_untrusted");
    assertThat(f.getMessage())
        .contains(LISTED.toString(), "CN=Key Vendor Attestation Root CA", "attestation_roots");
  }

  @Test
  void withRootsASelfAttestationIsStillRefused() throws Exception {
    LoginFailure f = refusal(ceremonies(vendorRoot()), "eve@corp.example", LISTED, null);
    assertThat(f.reason()).isEqualTo("attestation_not_allowed");
  }

  @Test
  void withRootsTheVendorsKeyOfAListedModelIsRegistered() throws Exception {
    Ceremonies c = ceremonies(vendorRoot());
    PublicKeyCredentialCreationOptions req = c.startRegistration("ana@corp.example");
    RegistrationResult r =
        c.finishRegistration(req, SoftwareKey.register(req, ORIGIN, LISTED, vendor.attest(LISTED)));
    assertThat(r.isAttestationTrusted()).isTrue();
    c.store("ana@corp.example", r);
    assertThat(store.webauthn().byUser("ana@corp.example"))
        .singleElement()
        .satisfies(k -> assertThat(k.aaguid()).isEqualTo(LISTED.toString()));
  }

  @Test
  void withRootsTheVendorsKeyOfAModelOffTheListIsRefused() throws Exception {
    LoginFailure f =
        refusal(ceremonies(vendorRoot()), "bob@corp.example", OTHER, vendor.attest(OTHER));
    assertThat(f.reason()).isEqualTo("attestation_not_allowed");
    assertThat(f.getMessage()).contains(OTHER.toString(), "allowed_aaguids");
  }

  @Test
  void aRootFileThatCannotBeReadAtStartIsNamed() throws Exception {
    Path gone = dir.resolve("gone.pem");
    assertThatThrownBy(() -> ceremonies(List.of(gone)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity.webauthn.attestation_roots")
        .hasMessageContaining(gone.toString());
  }
}
