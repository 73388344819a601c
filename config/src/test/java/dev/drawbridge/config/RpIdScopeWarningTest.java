package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpIdScopeWarningTest {
  @TempDir Path dir;

  private List<ConfigWarnings.Warning> warnings(String publicUrl, String rpId, String host)
      throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        """
        server: {listen: 127.0.0.1:8080, public_url: %s}
        data_dir: ./data
        identity:
          local_users: true
          webauthn: {rp_id: %s}
        applications:
          - id: wiki
            hosts: [%s]
            upstream: http://127.0.0.1:8081
            policies: [{name: all, decision: allow, include: [{everyone: true}]}]
        """
            .formatted(publicUrl, rpId, host));
    // the attestation warning (any authenticator counts as hwk) is another test's business
    return ConfigWarnings.of(ConfigLoader.load(f)).stream()
        .filter(w -> !w.where().equals("identity.webauthn.attestation"))
        .toList();
  }

  @Test
  void warnsNamingTheKeysWhenRpIdCannotServePublicUrlNorTheAppHost() throws Exception {
    List<ConfigWarnings.Warning> w =
        warnings("http://127.0.0.1:8080", "localhost", "wiki.localhost");
    assertThat(w)
        .extracting(ConfigWarnings.Warning::where)
        .containsExactly("identity.webauthn.rp_id", "applications[0].hosts[0]");
    assertThat(w.get(0).message()).contains("server.public_url").contains("127.0.0.1");
    assertThat(w.get(1).message()).contains("wiki.localhost").contains("cannot take it over");
  }

  @Test
  void saysThatAnAppHostOutsideRpIdSignsInThroughPublicUrl() throws Exception {
    List<ConfigWarnings.Warning> w =
        warnings("http://localhost:8080", "localhost", "wiki.localhost");
    assertThat(w)
        .extracting(ConfigWarnings.Warning::where)
        .containsExactly("applications[0].hosts[0]");
    assertThat(w.get(0).message()).contains("hands the session over");
  }

  @Test
  void isQuietWhenRpIdServesEveryHost() throws Exception {
    assertThat(warnings("https://access.corp.example", "corp.example", "wiki.corp.example"))
        .isEmpty();
  }

  @Test
  void aSingleLabelRpIdServesOnlyItself() {
    assertThat(RpIdScope.serves("localhost", "localhost")).isTrue();
    assertThat(RpIdScope.serves("localhost", "wiki.localhost")).isFalse();
    assertThat(RpIdScope.serves("corp.example", "git.corp.example")).isTrue();
    assertThat(RpIdScope.serves("corp.example", "evilcorp.example")).isFalse();
  }
}
