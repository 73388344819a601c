package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  static final String SPEC_EXAMPLE =
      """
      server:
        listen: 127.0.0.1:8080
        admin_listen: 127.0.0.1:9090
        public_url: https://access.corp.example
        tls: {cert_file: tls/cert.pem, key_file: tls/key.pem, client_ca_file: tls/ca.pem}
        trusted_proxies: [10.0.0.0/8]
        timeouts: {header_read: 5s, upstream_response: 2m, max_header_bytes: 32768}
        event_loops: 3
      data_dir: ./data
      store: {url: "postgresql://db/drawbridge?user=gw&password=${env:DB_PASSWORD}"}
      audit: {durability: batched, batch_window: 50ms, checkpoint_every: 500, segment_bytes: 16MiB}
      identity:
        session: {lifetime: 8h, idle_timeout: 1h}
        providers:
          - {id: okta, type: oidc, issuer: https://corp.okta.com, client_id: drawbridge,
             client_secret: "${env:OKTA_SECRET}", groups_claim: groups}
        local_users: true
        webauthn: {rp_id: corp.example, attestation: required,
                   allowed_aaguids: [CB69481E-8FF7-4039-93EC-0A2729A154A8]}
      credentials: {default_expiry: 90d, max_age: 90d, dormant_after: 30d}
      applications:
        - id: git
          hosts: [Git.Corp.Example]
          upstream: http://10.1.2.3:7990
          profile: bitbucket
          resources:
            - {match: "/scm/{project}/{repo}.git/**", id: "{project}/{repo}"}
          actions:
            - {name: download, paths: ["/scm/*/*.git/git-upload-pack"], methods: [post]}
            - {name: admin, paths: ["/rest/api/*/admin/**"], methods: [POST, PUT, DELETE]}
          policies:
            - name: engineers with security keys
              decision: allow
              include: [{group: [engineering]}]
              require: [{auth_method: [hwk]}]
              exclude: [{ip: [203.0.113.0/24]}]
            - name: ci reads
              decision: allow
              include: [{service_token: [ci-bot]}]
              require: [{ip: [198.51.100.0/24]}]
              methods: [GET, POST]
              paths: ["/scm/**"]
      detection:
        rules: [./rules/*.yml]
        disable: [drawbridge.new-country]
        settings:
          drawbridge.bulk-download: {threshold: 10, timespan: 1h, lock: true, ratio: 0.5}
          drawbridge.denied-burst: {response: [alert, lock]}
      """;

  private DrawbridgeConfig loadSpecExample() throws Exception {
    Files.createDirectories(dir.resolve("tls"));
    for (String f : List.of("cert.pem", "key.pem", "ca.pem")) {
      Files.writeString(dir.resolve("tls").resolve(f), "-----BEGIN-----\n");
    }
    Map<String, String> env = Map.of("OKTA_SECRET", "s3cret", "DB_PASSWORD", "pw");
    return ConfigLoader.parse(SPEC_EXAMPLE, dir, env::get);
  }

  @Test
  void readsTheServerSectionOfTheSpecExample() throws Exception {
    ServerConfig s = loadSpecExample().server();
    assertThat(s.listen()).isEqualTo(new HostPort("127.0.0.1", 8080));
    assertThat(s.adminListen()).isEqualTo(new HostPort("127.0.0.1", 9090));
    assertThat(s.publicUrl()).isEqualTo(URI.create("https://access.corp.example"));
    assertThat(s.tls().certFile()).isEqualTo(dir.resolve("tls/cert.pem"));
    assertThat(s.tls().keyFile()).isEqualTo(dir.resolve("tls/key.pem"));
    assertThat(s.tls().clientCaFile()).isEqualTo(dir.resolve("tls/ca.pem"));
    assertThat(s.trustedProxies()).containsExactly(Cidr.parse("10.0.0.0/8"));
    assertThat(s.timeouts().headerRead()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.timeouts().upstreamResponse()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.timeouts().maxHeaderBytes()).isEqualTo(32768);
    assertThat(s.timeouts().idle()).isEqualTo(ServerConfig.Timeouts.defaults().idle());
    assertThat(s.eventLoops()).isEqualTo(3);
  }

  @Test
  void readsStoreAuditIdentityAndCredentialsOfTheSpecExample() throws Exception {
    DrawbridgeConfig c = loadSpecExample();
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.store().url()).isEqualTo("postgresql://db/drawbridge?user=gw&password=pw");
    assertThat(c.store().embedded()).isFalse();
    assertThat(c.store().maxStaleness()).isEqualTo(StoreConfig.DEFAULT_MAX_STALENESS);
    assertThat(c.audit())
        .isEqualTo(
            new AuditConfig(
                AuditConfig.Durability.BATCHED,
                Duration.ofMillis(50),
                500,
                Duration.ofSeconds(10),
                16L << 20,
                null));
    IdentityConfig id = c.identity();
    assertThat(id.session())
        .isEqualTo(new IdentityConfig.Session(Duration.ofHours(8), Duration.ofHours(1)));
    assertThat(id.localUsers()).isTrue();
    assertThat(id.providers())
        .containsExactly(
            new IdentityConfig.Provider(
                "okta",
                "oidc",
                URI.create("https://corp.okta.com"),
                "drawbridge",
                "s3cret",
                "groups",
                List.of("openid", "email", "profile"),
                false));
    assertThat(id.webauthn())
        .isEqualTo(
            new IdentityConfig.Webauthn(
                "corp.example",
                "Drawbridge",
                "required",
                List.of("cb69481e-8ff7-4039-93ec-0a2729a154a8"),
                List.of()));
    assertThat(c.credentials())
        .isEqualTo(
            new CredentialsConfig(Duration.ofDays(90), Duration.ofDays(90), Duration.ofDays(30)));
  }

  @Test
  void readsTheApplicationOfTheSpecExample() throws Exception {
    DrawbridgeConfig c = loadSpecExample();
    ApplicationConfig git = c.application("git").orElseThrow();
    assertThat(git.hosts()).containsExactly("git.corp.example");
    assertThat(git.upstream()).isEqualTo(URI.create("http://10.1.2.3:7990"));
    assertThat(git.profile()).isEqualTo("bitbucket");
    assertThat(git.where()).isEqualTo("applications[0]");
    assertThat(git.resources())
        .containsExactly(
            new ApplicationConfig.ResourceRule("/scm/{project}/{repo}.git/**", "{project}/{repo}"));
    assertThat(git.actions())
        .containsExactly(
            new ApplicationConfig.ActionRule(
                "download", List.of("/scm/*/*.git/git-upload-pack"), List.of("POST")),
            new ApplicationConfig.ActionRule(
                "admin", List.of("/rest/api/*/admin/**"), List.of("POST", "PUT", "DELETE")));
    String p0 = "applications[0].policies[0]";
    assertThat(git.policies().get(0))
        .isEqualTo(
            new PolicyConfig(
                "engineers with security keys",
                Effect.ALLOW,
                List.of(new Selector.Group(Set.of("engineering"), p0 + ".include[0]")),
                List.of(new Selector.AuthMethod(Set.of("hwk"), p0 + ".require[0]")),
                List.of(new Selector.Ip(List.of(Cidr.parse("203.0.113.0/24")), p0 + ".exclude[0]")),
                List.of(),
                List.of(),
                p0));
    PolicyConfig ci = git.policies().get(1);
    assertThat(ci.where()).isEqualTo("applications[0].policies[1]");
    assertThat(ci.include())
        .containsExactly(
            new Selector.ServiceToken(Set.of("ci-bot"), "applications[0].policies[1].include[0]"));
    assertThat(ci.methods()).containsExactly("GET", "POST");
    assertThat(ci.paths()).containsExactly("/scm/**");
  }

  @Test
  void readsTheDetectionSectionWithGlobsResolvedAndScalarSettings() throws Exception {
    DetectionConfig d = loadSpecExample().detection();
    assertThat(d.rules()).containsExactly(dir.resolve("rules").toString() + "/*.yml");
    assertThat(d.disable()).containsExactly("drawbridge.new-country");
    assertThat(d.settings().get("drawbridge.bulk-download"))
        .containsEntry("threshold", 10)
        .containsEntry("timespan", "1h")
        .containsEntry("lock", true)
        .containsEntry("ratio", 0.5);
    assertThat(d.settings().get("drawbridge.denied-burst"))
        .containsEntry("response", List.of("alert", "lock"));
  }

  @Test
  void fillsEveryDefaultForAnEmptyFile() throws Exception {
    for (String yaml : List.of("", "# nothing\n", "applications: []\n", "server: {}\n")) {
      DrawbridgeConfig c = Yaml.parse(yaml);
      assertThat(c.server().listen()).isEqualTo(new HostPort("127.0.0.1", 8080));
      assertThat(c.server().adminListen()).isEqualTo(new HostPort("127.0.0.1", 9090));
      assertThat(c.server().publicUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
      assertThat(c.server().tls()).isNull();
      assertThat(c.server().trustedProxies()).isEmpty();
      assertThat(c.server().timeouts()).isEqualTo(ServerConfig.Timeouts.defaults());
      assertThat(c.server().eventLoops()).as("0: the default number of event loops").isZero();
      assertThat(c.dataDir()).isEqualTo(Yaml.BASE.resolve("data"));
      assertThat(c.store().embedded()).isTrue();
      assertThat(c.audit()).isEqualTo(AuditConfig.defaults());
      assertThat(c.identity()).isEqualTo(IdentityConfig.defaults());
      assertThat(c.credentials()).isEqualTo(CredentialsConfig.defaults());
      assertThat(c.applications()).isEmpty();
      assertThat(c.detection()).isEqualTo(DetectionConfig.defaults());
    }
  }

  @Test
  void defaultsThePublicUrlToTheListenAddress() throws Exception {
    DrawbridgeConfig c = Yaml.parse("server: {listen: \"[::1]:8443\"}\n");
    assertThat(c.server().listen()).isEqualTo(new HostPort("::1", 8443));
    assertThat(c.server().publicUrl()).isEqualTo(URI.create("http://[::1]:8443"));
  }

  @Test
  void defaultsProviderScopesGroupsClaimAndType() throws Exception {
    DrawbridgeConfig c =
        Yaml.parse(
            """
            identity:
              providers:
                - {id: corp, issuer: "http://127.0.0.1:7000/default", client_id: gw,
                   client_secret: x, scopes: [openid, groups]}
            """);
    IdentityConfig.Provider p = c.identity().providers().get(0);
    assertThat(p.type()).isEqualTo("oidc");
    assertThat(p.groupsClaim()).isEqualTo("groups");
    assertThat(p.scopes()).containsExactly("openid", "groups");
  }

  @Test
  void givesLocalUsersAWebauthnSettingByDefault() throws Exception {
    IdentityConfig id =
        Yaml.parse(
                "server: {public_url: https://access.corp.example}\n"
                    + "identity: {local_users: true}\n")
            .identity();
    assertThat(id.webauthn())
        .isEqualTo(
            new IdentityConfig.Webauthn(
                "access.corp.example", "Drawbridge", "none", List.of(), List.of()));
  }

  @Test
  void keepsTheExpressionSourceAndAcceptsAScalarWhereAListIsExpected() throws Exception {
    DrawbridgeConfig c =
        Yaml.parse(
            Yaml.app(
                """
                      - name: p
                        decision: deny
                        include: {email: Ana@Corp.Example}
                        require:
                          - expression: 'request.method == "GET"'
                        methods: get
                        paths: /x/**
                """));
    PolicyConfig p = c.applications().get(0).policies().get(0);
    assertThat(p.decision()).isEqualTo(Effect.DENY);
    assertThat(p.include())
        .containsExactly(
            new Selector.Email(Set.of("ana@corp.example"), "applications[0].policies[0].include"));
    assertThat(p.require())
        .containsExactly(
            new Selector.Expression(
                "request.method == \"GET\"", "applications[0].policies[0].require[0]"));
    assertThat(p.methods()).containsExactly("GET");
    assertThat(p.paths()).containsExactly("/x/**");
  }

  @Test
  void loadsAFileResolvingPathsAgainstItsDirectory() throws Exception {
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(file, "data_dir: state\ndetection: {rules: [rules/*.yml, /etc/r.yml]}\n");
    DrawbridgeConfig c = ConfigLoader.load(file);
    assertThat(c.dataDir()).isEqualTo(dir.resolve("state"));
    assertThat(c.detection().rules())
        .containsExactly(dir.resolve("rules") + "/*.yml", "/etc/r.yml");
  }
}
