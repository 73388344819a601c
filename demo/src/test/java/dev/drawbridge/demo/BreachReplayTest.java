package dev.drawbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreachReplayTest {
  @TempDir static Path dir;
  static SampleApps apps;
  static final String ID = "cid-okta-sync";
  static final String SECRET = "s3cret-value-never-printed";

  @BeforeAll
  static void start() throws IOException {
    apps =
        SampleApps.start(
            dir.resolve("apps"), new SampleApps.Options(List.of("net", "edge"), 8, "git", false));
  }

  @AfterAll
  static void stop() {
    apps.close();
  }

  static BreachReplay.Options options(String name) {
    return BreachReplay.Options.incident(dir.resolve(name)).withLimits(2, 3, 3);
  }

  @Test
  void replaysEveryStepAgainstTheApplicationsDirectly() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    AtomicReference<Duration> travelled = new AtomicReference<>();
    ReplayResult r =
        new BreachReplay(
                ReplayTarget.direct(apps.upstreams(), ID, SECRET),
                options("direct").withTimeTravel(travelled::set),
                new PrintStream(printed, true, StandardCharsets.UTF_8))
            .run();
    assertThat(travelled.get()).isEqualTo(Duration.ofDays(120));
    assertThat(r.refusedAtFirstRequest()).isFalse();
    assertThat(r.wikiPagesRead()).isEqualTo(3);
    assertThat(r.persistenceCreated()).isTrue();
    assertThat(apps.createdUsers())
        .extracting(u -> u.get("name"))
        .contains(BreachReplay.BACKUP_USER);
    assertThat(r.reposListed()).isEqualTo(16);
    assertThat(r.reposViewed()).isEqualTo(3);
    assertThat(r.reposCloned()).isEqualTo(3);
    assertThat(r.firstRefusal()).isNull();
    assertThat(r.allowedOn("admin")).isEqualTo(2);
    assertThat(dir.resolve("direct/clones/net_repo-001/.git")).isDirectory();
    String text = printed.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertThat(text).contains("git clone net/repo-003", "backup user created       yes");
    assertThat(text).doesNotContain(SECRET);
  }

  @Test
  void stopsCloningWhenTheGatewayLocksAndRoutesByHostFromANewNetwork() throws Exception {
    try (FakeGateway gw = gateway(1)) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      ReplayResult r =
          new BreachReplay(
                  ReplayTarget.viaGateway(
                      gw.base(), DemoConfig.HOSTS, null, null, ID, SECRET, "198.51.100.23"),
                  options("gateway"),
                  new PrintStream(printed, true, StandardCharsets.UTF_8))
              .run();
      // Each protocol-v2 clone posts git-upload-pack twice to the same repository: 1 repo fits.
      assertThat(r.reposCloned()).isEqualTo(1);
      assertThat(r.firstRefusal().what()).isEqualTo("git clone net/repo-002");
      assertThat(r.firstRefusal().status()).isEqualTo(403);
      assertThat(r.steps())
          .filteredOn(s -> s.phase().equals("clone"))
          .hasSize(2); // stopped after the refusal
      assertThat(r.allowedOn("admin")).isZero();
      assertThat(gw.forwardedFor).isNotEmpty().allMatch("198.51.100.23"::equals);
      assertThat(gw.hosts).contains("git.demo.localhost", "wiki.demo.localhost");
      System.out.print(printed.toString(StandardCharsets.UTF_8));
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("the lock landed")
          .doesNotContain(SECRET);
      assertThat(Files.readString(dir.resolve("gateway/clones/net_repo-001/.git/config")))
          .doesNotContain(SECRET);
    }
  }

  @Test
  void givesUpAtTheFirstRequestWhenTheCredentialIsSuspended() throws Exception {
    try (FakeGateway gw = gateway(10)) {
      gw.suspended = true;
      int before = apps.requestCount("wiki");
      ReplayResult r =
          new BreachReplay(
                  ReplayTarget.viaGateway(
                      gw.base(), DemoConfig.HOSTS, null, null, ID, SECRET, null),
                  options("suspended"),
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
              .run();
      assertThat(r.refusedAtFirstRequest()).isTrue();
      assertThat(r.steps()).singleElement().extracting(ReplayStep::status).isEqualTo(403);
      assertThat(apps.requestCount("wiki")).isEqualTo(before);
    }
  }

  @Test
  void readsGitHttpStatusFromGitsErrorOutput() {
    assertThat(
            GitCloner.statusOf(
                "fatal: unable to access 'http://x/': The requested URL returned error: 403"))
        .isEqualTo(403);
    assertThat(GitCloner.statusOf("fatal: repository 'http://x/' not found")).isEqualTo(404);
    assertThat(GitCloner.statusOf("fatal: Authentication failed for 'http://x/'")).isEqualTo(401);
  }

  private static FakeGateway gateway(int lockAfter) throws IOException {
    Map<String, URI> byHost = new LinkedHashMap<>();
    apps.upstreams().forEach((app, uri) -> byHost.put(DemoConfig.HOSTS.get(app), uri));
    return new FakeGateway(byHost, ID, SECRET, lockAfter);
  }
}
