package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server logs {@link ConfigWarnings} at start: the attestation warning is one of them. */
class AttestationWarningTest {
  @Test
  void theQuickstartsAttestationNoneIsWarnedAboutAtStartAndByCheck() throws Exception {
    DrawbridgeConfig c = ConfigLoader.load(QuickstartExampleTest.quickstart());

    assertThat(ConfigWarnings.of(c))
        .extracting(ConfigWarnings.Warning::where)
        .contains("identity.webauthn.attestation");
  }
}
