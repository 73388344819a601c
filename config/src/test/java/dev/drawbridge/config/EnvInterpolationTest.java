package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolationTest {
  private static final String PROVIDER =
      """
      identity:
        providers:
          - {id: okta, issuer: "https://${env:OKTA_HOST}/oauth2", client_id: gw,
             client_secret: "${env:OKTA_SECRET}"}
      """;

  @Test
  void replacesEnvReferencesAnywhereInAString() throws Exception {
    Map<String, String> env = Map.of("OKTA_HOST", "corp.okta.com", "OKTA_SECRET", "s3cr$t\\1");
    DrawbridgeConfig c = ConfigLoader.parse(PROVIDER, Yaml.BASE, env::get);
    IdentityConfig.Provider p = c.identity().providers().get(0);
    assertThat(p.issuer()).isEqualTo(URI.create("https://corp.okta.com/oauth2"));
    assertThat(p.clientSecret()).isEqualTo("s3cr$t\\1");
  }

  @Test
  void replacesReferencesInListsAndDetectionSettings() throws Exception {
    Map<String, String> env = Map.of("TEAM", "eng", "LIMIT", "12");
    DrawbridgeConfig c =
        ConfigLoader.parse(
            "detection: {disable: [\"${env:TEAM}-rule\"], settings: {r: {n: \"${env:LIMIT}\"}}}\n",
            Yaml.BASE,
            env::get);
    assertThat(c.detection().disable()).containsExactly("eng-rule");
    assertThat(c.detection().settings().get("r")).containsEntry("n", "12");
  }

  @Test
  void namesThePathAndTheVariableOfAMissingOneOnly() {
    List<String> problems = Yaml.problems(PROVIDER, Map.of("OKTA_HOST", "corp.okta.com"));
    assertThat(problems)
        .containsExactly(
            "identity.providers[0].client_secret: environment variable OKTA_SECRET is not set"
                + " (expected: set it, or remove ${env:OKTA_SECRET})");
  }

  @Test
  void neverPrintsAValueReadFromTheEnvironment() {
    List<String> problems =
        Yaml.problems(
            "applications: [{id: a, hosts: [a.example], upstream: \"${env:UPSTREAM}\"}]\n",
            Map.of("UPSTREAM", "hunter2"));
    assertThat(problems)
        .containsExactly(
            "applications[0].upstream: the value of \"${env:UPSTREAM}\" is not an http(s) URL"
                + " (expected: an http:// or https:// URL with a host)");
  }

  @Test
  void rejectsMalformedReferences() {
    assertThat(Yaml.problems("data_dir: \"${env:BAD NAME}\"\nstore: {url: \"x${env:Y\"}\n"))
        .containsExactly(
            "data_dir: ${env:BAD NAME} is not a valid variable reference (expected: ${env:NAME}"
                + " with NAME made of letters, digits and _)",
            "store.url: unterminated ${env: reference (expected: ${env:NAME})");
  }
}
