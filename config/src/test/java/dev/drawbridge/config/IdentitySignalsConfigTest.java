package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code identity.signals} and {@code identity.scim} (SPEC §10). */
class IdentitySignalsConfigTest {
  @Test
  void readsTransmittersAndTheScimTokenFromTheEnvironment() throws Exception {
    DrawbridgeConfig c =
        ConfigLoader.parse(
            """
            identity:
              signals:
                - issuer: https://okta.example
                  jwks_uri: https://okta.example/oauth2/v1/keys
                  audience: https://gw.example/ssf
              scim: {token: "${env:SCIM_TOKEN}"}
            """,
            Yaml.BASE,
            Map.of("SCIM_TOKEN", "t".repeat(40))::get);
    assertThat(c.identity().signals())
        .containsExactly(
            new IdentityConfig.Signal(
                "https://okta.example",
                URI.create("https://okta.example/oauth2/v1/keys"),
                "https://gw.example/ssf"));
    assertThat(c.identity().scim().token()).isEqualTo("t".repeat(40));
  }

  @Test
  void namesTheKeyOfEachFlawAndNeverShowsTheScimToken() {
    assertThat(
            Yaml.problems(
                """
                identity:
                  signals:
                    - {issuer: a, jwks_uri: "ftp://x", audience: b}
                    - {issuer: a, jwks_uri: "https://x/jwks"}
                    - {issuer: c, jwks_uri: "https://x/jwks", audience: d, kid: e}
                  scim: {token: short-secret}
                """))
        .anySatisfy(p -> assertThat(p).startsWith("identity.signals[0].jwks_uri: "))
        .anySatisfy(p -> assertThat(p).startsWith("identity.signals[1].issuer: \"a\" is already"))
        .anySatisfy(p -> assertThat(p).startsWith("identity.signals[1].audience: "))
        .anySatisfy(p -> assertThat(p).startsWith("identity.signals[2].kid: unknown key"))
        .anySatisfy(p -> assertThat(p).startsWith("identity.scim.token: is not a string"))
        .noneSatisfy(p -> assertThat(p).contains("short-secret"));
  }
}
