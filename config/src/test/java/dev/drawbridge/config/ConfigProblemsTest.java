package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigProblemsTest {
  @TempDir Path dir;

  @Test
  void namesAnUnknownKeyAndListsTheAllowedOnes() {
    assertThat(Yaml.problems("server: {lisen: 127.0.0.1:8080}\n"))
        .containsExactly(
            "server.lisen: unknown key (expected: one of listen, admin_listen, public_url, tls,"
                + " trusted_proxies, timeouts, event_loops)");
    assertThat(Yaml.problems("sever: {}\n").get(0)).startsWith("sever: unknown key (expected:");
  }

  @Test
  void namesAnUnknownKeyDeepInsideAPolicy() {
    assertThat(
            Yaml.problems(
                Yaml.app(
                    """
                          - name: a
                            decision: allow
                            include: [{everyone: true}]
                            requires: [{auth_method: [hwk]}]
                    """)))
        .singleElement()
        .asString()
        .startsWith("applications[0].policies[0].requires: unknown key (expected: one of name,");
  }

  @Test
  void reportsABadCidrWithItsExactPath() {
    String yaml =
        Yaml.app(
            """
                  - name: a
                    decision: allow
                    include: [{everyone: true}]
                    require: [{auth_method: [hwk]}, {ip: [10.0.0.0/8, 10.0.0.0/33]}]
            """);
    assertThat(Yaml.problems(yaml))
        .singleElement()
        .asString()
        .startsWith("applications[0].policies[0].require[1].ip: \"10.0.0.0/33\" is not a CIDR");
  }

  @Test
  void reportsABadUpstreamUrl() {
    String yaml =
        """
        applications:
          - {id: a, hosts: [a.example], upstream: http://10.0.0.1}
          - {id: b, hosts: [b.example], upstream: "htp://x"}
          - {id: c, hosts: [c.example], upstream: "http://user:pw@c"}
          - {id: d, hosts: [d.example]}
        """;
    assertThat(Yaml.problems(yaml))
        .containsExactly(
            "applications[1].upstream: \"htp://x\" is not an http(s) URL (expected: an http:// or"
                + " https:// URL with a host)",
            "applications[2].upstream: \"http://user:pw@c\" has user info in the URL (expected: a"
                + " URL without user:password@)",
            "applications[3].upstream: missing (expected: an http:// or https:// URL with a host)");
  }

  @Test
  void reportsEveryProblemOfTheFileAtOnce() {
    String yaml =
        """
        server:
          listen: localhost
          trusted_proxies: [nonsense]
        audit: {durability: sometimes}
        credentials: {max_age: 90x}
        applications:
          - id: Git
            hosts: []
            upstream: http://10.1.2.3:7990
            profile: svn
            policies:
              - decision: maybe
                include: [{grup: [eng]}]
        """;
    List<String> problems = Yaml.problems(yaml);
    assertThat(problems)
        .hasSize(10)
        .anySatisfy(p -> assertThat(p).startsWith("server.listen: \"localhost\" is not host:port"))
        .anySatisfy(
            p -> assertThat(p).startsWith("server.trusted_proxies: \"nonsense\" is not a CIDR"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "audit.durability: \"sometimes\" is not a durability (expected: strict or"
                            + " batched)"))
        .anySatisfy(p -> assertThat(p).startsWith("credentials.max_age: \"90x\" is not a duration"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("applications[0].id: \"Git\" is not a valid application id"))
        .anySatisfy(p -> assertThat(p).startsWith("applications[0].hosts: missing"))
        .anySatisfy(
            p -> assertThat(p).startsWith("applications[0].profile: \"svn\" is not a profile"))
        .anySatisfy(p -> assertThat(p).startsWith("applications[0].policies[0].name: missing"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "applications[0].policies[0].decision: \"maybe\" is not a decision"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("applications[0].policies[0].include[0].grup: unknown selector"));
    assertThatThrownBy(() -> Yaml.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(String.join("\n", problems));
  }

  @Test
  void reportsAnUnknownSelectorListingTheKnownOnes() {
    List<String> problems =
        Yaml.problems(
            Yaml.app(
                """
                      - name: a
                        decision: allow
                        include: [{everyone: true}, {grup: [eng]}]
                """));
    assertThat(problems)
        .containsExactly(
            "applications[0].policies[0].include[1].grup: unknown selector (expected: one of"
                + " everyone, email, email_domain, group, idp, service_token, any_service_token,"
                + " ip, auth_method, device, time, expression)");
  }

  @Test
  void rejectsDuplicateIdsHostsAndPolicyNames() {
    String yaml =
        """
        applications:
          - id: git
            hosts: [git.example]
            upstream: http://127.0.0.1:1
            policies:
              - {name: p, decision: allow, include: [{everyone: true}]}
              - {name: p, decision: deny, include: [{everyone: true}]}
          - id: git
            hosts: [GIT.example]
            upstream: http://127.0.0.1:2
        """;
    assertThat(Yaml.problems(yaml))
        .containsExactly(
            "applications[0].policies[1].name: \"p\" is already the name of"
                + " applications[0].policies[0] (expected: unique policy names)",
            "applications[1].id: \"git\" is already the id of applications[0] (expected: unique"
                + " application ids)",
            "applications[1].hosts: \"git.example\" is already a host of applications[0]"
                + " (expected: each host in one application)");
  }

  @Test
  void checksActionsAndResources() {
    String yaml =
        """
        applications:
          - id: git
            hosts: [git.example]
            upstream: http://127.0.0.1:1
            resources:
              - {match: "scm/{project}", id: "{project}"}
              - {match: "/scm/{project}", id: "{project}/{repo}"}
            actions:
              - {name: delete, paths: ["/x"]}
              - {name: download, paths: [], methods: ["GE T"]}
        """;
    assertThat(Yaml.problems(yaml))
        .containsExactly(
            "applications[0].resources[0].match: \"scm/{project}\" does not start with /"
                + " (expected: a path pattern such as /scm/{project}/{repo}.git/**)",
            "applications[0].resources[1].id: \"{project}/{repo}\" uses {repo}, which match does"
                + " not capture (expected: captures of match: [project])",
            "applications[0].actions[0].name: \"delete\" is not an action (expected: one of view,"
                + " download, write, admin)",
            "applications[0].actions[1].paths: missing (expected: at least one path pattern such"
                + " as /scm/*/*.git/git-upload-pack)",
            "applications[0].actions[1].methods: \"GE T\" is not an HTTP method (expected: a"
                + " method such as GET)");
  }

  @Test
  void rejectsAPolicyPathThatDoesNotStartWithASlash() {
    assertThat(
            Yaml.problems(
                Yaml.app(
                    "      - {name: a, decision: allow, include: [{everyone: true}],"
                        + " paths: [\"static/**\"]}\n")))
        .containsExactly(
            "applications[0].policies[0].paths: \"static/**\" does not start with / (expected: a"
                + " path pattern such as /scm/**)");
  }

  @Test
  void reportsYamlSyntaxErrorsWithLineAndColumn() {
    assertThatThrownBy(() -> Yaml.parse("server:\n  listen: [1, 2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config: YAML syntax error at line 3, column 1:")
        .hasMessageContaining("expected ',' or ']'")
        .hasMessageContaining("line 2, column 11");
    assertThatThrownBy(() -> Yaml.parse("data_dir: a\ndata_dir: b\n"))
        .hasMessage("config: line 2, column 9: duplicate key 'data_dir'");
    assertThatThrownBy(() -> Yaml.parse("a: &x {b: 1}\nc: *x\n"))
        .hasMessageStartingWith("config: line 2, column 4: YAML aliases");
    assertThatThrownBy(() -> Yaml.parse("data_dir: a\n---\ndata_dir: b\n"))
        .hasMessageContaining("a second YAML document");
    assertThatThrownBy(() -> Yaml.parse("- a\n- b\n"))
        .hasMessageStartingWith("config: the top level is not a map");
  }

  @Test
  void namesTheYamlFileInSyntaxErrors() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "server: {listen: x\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": YAML syntax error at line");
  }

  @Test
  void requiresCertAndKeyTogetherAndFilesThatExist() throws Exception {
    Files.writeString(dir.resolve("cert.pem"), "x");
    List<String> problems = problemsIn(dir, "server: {tls: {cert_file: cert.pem}}\n");
    assertThat(problems)
        .containsExactly(
            "server.tls.key_file: missing (expected: cert_file and key_file together (PEM files))");
    problems = problemsIn(dir, "server: {tls: {cert_file: cert.pem, key_file: nope.pem}}\n");
    assertThat(problems)
        .singleElement()
        .asString()
        .startsWith("server.tls.key_file: file " + dir.resolve("nope.pem") + " does not exist");
  }

  /** Chromium's virtual authenticator's attestation certificate: any real certificate will do. */
  static final String CERTIFICATE =
      """
      -----BEGIN CERTIFICATE-----
      MIIB0zCCAXqgAwIBAgIBATAKBggqhkjOPQQDAjBgMQswCQYDVQQGEwJVUzERMA8GA1UECgwIQ2hy
      b21pdW0xIjAgBgNVBAsMGUF1dGhlbnRpY2F0b3IgQXR0ZXN0YXRpb24xGjAYBgNVBAMMEUJhdGNo
      IENlcnRpZmljYXRlMB4XDTE3MDcxNDAyNDAwMFoXDTQ2MTEyNTAyNTgyM1owYDELMAkGA1UEBhMC
      VVMxETAPBgNVBAoMCENocm9taXVtMSIwIAYDVQQLDBlBdXRoZW50aWNhdG9yIEF0dGVzdGF0aW9u
      MRowGAYDVQQDDBFCYXRjaCBDZXJ0aWZpY2F0ZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABI1h
      fmXJUI5kvMVnOsgqZ5naPBRGaCwljEY//99Y39L6Pmw3i1PXlcSk3/tBme3Xhi8jq68CA7S4kRug
      VpmU4QGjJTAjMAwGA1UdEwEB/wQCMAAwEwYLKwYBBAGC5RwCAQEEBAMCBSAwCgYIKoZIzj0EAwID
      RwAwRAIgaUTk4ATuCGI2bTybc5m+6xPUPQaaNhucmYyieemjBuACIGHpkNTlFvoyVPESnQgA3UKl
      sLyTLpZpzdkrImA5FUYC
      -----END CERTIFICATE-----
      """;

  @Test
  void attestationRootsAreCertificateFilesForRequiredAttestation() throws Exception {
    Files.writeString(dir.resolve("root.pem"), CERTIFICATE);
    Files.writeString(dir.resolve("notes.txt"), "not a certificate");
    Files.writeString(dir.resolve("empty.pem"), "");
    DrawbridgeConfig c =
        ConfigLoader.parse(
            "identity: {local_users: true, webauthn: {attestation: required,"
                + " attestation_roots: [root.pem]}}\n",
            dir,
            n -> null);
    assertThat(c.identity().webauthn().attestationRoots()).containsExactly(dir.resolve("root.pem"));

    List<String> problems =
        problemsIn(
            dir,
            "identity: {local_users: true, webauthn: {attestation: required,"
                + " attestation_roots: [root.pem, notes.txt, empty.pem, gone.pem]}}\n");
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0))
        .startsWith(
            "identity.webauthn.attestation_roots[1]: file "
                + dir.resolve("notes.txt")
                + " is not a certificate file: ")
        .endsWith("(expected: PEM certificates of attestation root CAs)");
    assertThat(problems.get(1))
        .isEqualTo(
            "identity.webauthn.attestation_roots[2]: file "
                + dir.resolve("empty.pem")
                + " holds no certificate (expected: PEM certificates of attestation root CAs)");
    assertThat(problems.get(2))
        .startsWith(
            "identity.webauthn.attestation_roots[3]: file "
                + dir.resolve("gone.pem")
                + " does not exist");

    assertThat(
            problemsIn(
                dir,
                "identity: {local_users: true, webauthn: {attestation: preferred,"
                    + " attestation_roots: root.pem}}\n"))
        .containsExactly(
            "identity.webauthn.attestation_roots: is only checked when attestation is required"
                + " (expected: identity.webauthn.attestation: required)");
  }

  @Test
  void usesHttpsForTheDefaultPublicUrlWhenTlsIsOn() throws Exception {
    Files.writeString(dir.resolve("c.pem"), "x");
    Files.writeString(dir.resolve("k.pem"), "x");
    DrawbridgeConfig c =
        ConfigLoader.parse(
            "server: {listen: 0.0.0.0:8443, tls: {cert_file: c.pem, key_file: k.pem}}\n",
            dir,
            n -> null);
    assertThat(c.server().tls().clientCaFile()).isNull();
    assertThat(c.server().publicUrl()).hasToString("https://0.0.0.0:8443");
  }

  @Test
  void reportsWrongKindsAndRanges() {
    assertThat(
            Yaml.problems(
                """
                server: {listen: [a], event_loops: 0, timeouts: {idle: 0s, max_header_bytes: 10, upstream_pool_size: x}}
                audit: {segment_bytes: 1k, checkpoint_every: 0}
                identity: {local_users: maybe, session: {lifetime: 1h, idle_timeout: 2h}}
                applications: {id: x}
                """))
        .containsExactly(
            "server.listen: found a list (expected: host:port such as 127.0.0.1:8080)",
            "server.timeouts.idle: \"0s\" is zero (expected: a duration greater than zero)",
            "server.timeouts.max_header_bytes: 10 is out of range (expected: a whole number in"
                + " 1024..16777216)",
            "server.timeouts.upstream_pool_size: found a string \"x\" (expected: a whole number in"
                + " 1..100000)",
            "server.event_loops: 0 is out of range (expected: a whole number in 1..1024)",
            "audit.checkpoint_every: 0 is out of range (expected: a whole number in"
                + " 1..2147483647)",
            "audit.segment_bytes: \"1k\" is too small (expected: at least 4096 bytes)",
            "identity.session.idle_timeout: 2h is longer than identity.session.lifetime 1h"
                + " (expected: at most the lifetime)",
            "identity.local_users: found a string \"maybe\" (expected: true or false)",
            "applications: found a map (expected: a list of applications)");
  }

  @Test
  void checksIdentityProvidersAndWebauthn() {
    String yaml =
        """
        identity:
          providers:
            - {id: okta, type: saml, issuer: "ftp://x", client_id: gw}
            - {id: okta, issuer: "https://b.example", client_id: gw, client_secret: s, scopes: [email]}
          webauthn: {rp_id: "not a domain", attestation: always, allowed_aaguids: [1234]}
        """;
    assertThat(Yaml.problems(yaml))
        .containsExactly(
            "identity.providers[0].type: \"saml\" is not a provider type (expected: oidc)",
            "identity.providers[0].issuer: \"ftp://x\" is not an http(s) URL (expected: an"
                + " http:// or https:// URL with a host)",
            "identity.providers[0].client_secret: missing (expected: the OIDC client secret, e.g."
                + " \"${env:OKTA_SECRET}\")",
            "identity.providers[1].id: \"okta\" is already the id of identity.providers[0]"
                + " (expected: unique provider ids)",
            "identity.providers[1].scopes: does not contain openid (expected: openid among the"
                + " scopes)",
            "identity.webauthn.rp_id: \"not a domain\" is not a domain name (expected: the relying"
                + " party id, a domain such as corp.example)",
            "identity.webauthn.attestation: \"always\" is not an attestation setting (expected:"
                + " none, preferred or required)",
            "identity.webauthn.allowed_aaguids: \"1234\" is not an AAGUID (expected: a UUID such"
                + " as cb69481e-8ff7-4039-93ec-0a2729a154a8)");
  }

  @Test
  void neverPrintsTheStoreUrlOrWebhookWhichMayHoldSecrets() {
    List<String> problems =
        Yaml.problems(
            "store: {url: \"hunter2 secret\"}\naudit: {webhook: \"ftp://hooks/T0K3N\"}\n");
    assertThat(problems).hasSize(2);
    assertThat(String.join("\n", problems)).doesNotContain("hunter2", "T0K3N");
  }

  @Test
  void storeEncryptionKeyIs32BytesOfBase64WithAStoreUrlAndNeverPrinted() throws Exception {
    String key = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=";
    DrawbridgeConfig c =
        ConfigLoader.parse(
            "store: {url: \"postgresql://db/x\", encryption_key: \"${env:K}\"}\n",
            dir,
            Map.of("K", key)::get);
    assertThat(c.store().encryptionKeyBytes()).hasSize(32);
    assertThat(c.store().toString()).doesNotContain(key, "postgresql");

    List<String> problems =
        Yaml.problems(
            "store: {url: \"postgresql://db/x\", encryption_key: \"${env:K}\"}\n",
            Map.of("K", "c2hvcnQ="));
    assertThat(problems)
        .containsExactly(
            "store.encryption_key: is not 32 bytes in base64 (expected: 32 random bytes in"
                + " base64, such as the output of `openssl rand -base64 32`, e.g."
                + " \"${env:DRAWBRIDGE_STORE_KEY}\"; value not shown)");
    String previous = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    c =
        ConfigLoader.parse(
            "store: {url: \"postgresql://db/x\", encryption_key: \""
                + key
                + "\", previous_encryption_key: \""
                + previous
                + "\"}\n",
            dir,
            n -> null);
    assertThat(c.store().previousEncryptionKeyBytes()).hasSize(32);
    assertThat(c.store().toString()).doesNotContain(previous);
    assertThat(
            Yaml.problems(
                "store: {url: \"postgresql://db/x\", previous_encryption_key: \""
                    + previous
                    + "\"}\n"))
        .containsExactly(
            "store.previous_encryption_key: needs the new key beside it (expected:"
                + " store.encryption_key, the key to seal with from now on)");
    assertThat(Yaml.problems("store: {encryption_key: \"" + key + "\"}\n"))
        .containsExactly(
            "store.encryption_key: is only used with store.url: the embedded store keeps its keys"
                + " in data_dir (expected: store.url with it, or no encryption_key)");
  }

  @Test
  void storeMaxStalenessIsAPositiveDurationAndReadWhenValid() throws Exception {
    assertThat(Yaml.problems("store: {max_staleness: 0s}\n"))
        .containsExactly(
            "store.max_staleness: \"0s\" is zero (expected: a duration greater than zero)");
    assertThat(Yaml.problems("store: {max_staleness: soon}\n").get(0))
        .startsWith("store.max_staleness: \"soon\" is not a duration");
    DrawbridgeConfig c =
        Yaml.parse(
            "store: {url: \"postgresql://db/x\", max_staleness: 3s}\n"
                + Yaml.app("      - {name: p, decision: allow, include: [{everyone: true}]}\n"));
    assertThat(c.store().maxStaleness()).isEqualTo(java.time.Duration.ofSeconds(3));
  }

  @Test
  void assumeEmailVerifiedIsABooleanOfAProvider() throws Exception {
    String provider =
        "identity:\n  providers:\n    - {id: entra, issuer: https://login.example/x, client_id: d,"
            + " client_secret: s, assume_email_verified: ";
    assertThat(Yaml.problems(provider + "sometimes}\n" + APP).get(0))
        .startsWith("identity.providers[0].assume_email_verified:");
    DrawbridgeConfig c = Yaml.parse(provider + "true}\n" + APP);
    assertThat(c.identity().providers().get(0).assumeEmailVerified()).isTrue();
    DrawbridgeConfig d =
        Yaml.parse(provider.replace(", assume_email_verified: ", "") + "}\n" + APP);
    assertThat(d.identity().providers().get(0).assumeEmailVerified()).isFalse();
  }

  private static final String APP =
      Yaml.app("      - {name: p, decision: allow, include: [{everyone: true}]}\n");

  private static List<String> problemsIn(Path base, String yaml) {
    try {
      ConfigLoader.parse(yaml, base, n -> null);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems");
  }
}
