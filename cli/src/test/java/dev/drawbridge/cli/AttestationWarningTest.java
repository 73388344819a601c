package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21: {@code attestation: none} lets a software authenticator count as {@code hwk}. */
class AttestationWarningTest {
  @TempDir Path dir;

  private static final String APPS =
      """
      server: {listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0}
      data_dir: ./data
      applications:
        - id: wiki
          hosts: [wiki.corp.example]
          upstream: http://127.0.0.1:1
          policies:
            - {name: keys, decision: allow, include: [{everyone: true}], require: [{auth_method: [hwk]}]}
      """;

  private Result check(String webauthn) throws Exception {
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file, "identity:\n  local_users: true\n  webauthn: " + webauthn + "\n" + APPS);
    return Cli.run("check", "--config", file.toString());
  }

  @Test
  void checkWarnsThatAttestationNoneLetsAnyAuthenticatorCountAsAHardwareKey() throws Exception {
    Result r = check("{rp_id: corp.example, attestation: none}");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("warning: identity.webauthn.attestation: none lets any authenticator")
        .contains("auth_method: hwk");
  }

  @Test
  void checkWarnsWhenAttestationIsLeftToItsDefault() throws Exception {
    Result r = check("{rp_id: corp.example}");

    assertThat(r.out()).contains("warning: identity.webauthn.attestation: none lets any");
  }

  @Test
  void checkDoesNotWarnWhenAttestationIsRequired() throws Exception {
    Result r = check("{rp_id: corp.example, attestation: required}");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).doesNotContain("identity.webauthn.attestation");
  }
}
