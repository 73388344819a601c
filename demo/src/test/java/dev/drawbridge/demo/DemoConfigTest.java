package dev.drawbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConfigTest {
  @TempDir Path dir;

  static final Map<String, URI> UPSTREAMS =
      Map.of(
          "wiki", URI.create("http://127.0.0.1:7001"),
          "jira", URI.create("http://127.0.0.1:7002"),
          "git", URI.create("http://127.0.0.1:7003"),
          "admin", URI.create("http://127.0.0.1:7004"));

  DrawbridgeConfig load() throws Exception {
    Path file = DemoConfig.write(dir.resolve("demo.yaml"), UPSTREAMS, dir.resolve("data"), 0, 0);
    return ConfigLoader.load(file);
  }

  @Test
  void writesAConfigTheLoaderAccepts() throws Exception {
    DrawbridgeConfig c = load();
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data").toAbsolutePath());
    assertThat(c.applications())
        .extracting(ApplicationConfig::id)
        .containsExactly("wiki", "jira", "git", "admin");
    assertThat(c.application("git").orElseThrow().hosts()).containsExactly("git.demo.localhost");
    assertThat(c.application("git").orElseThrow().profile()).isEqualTo("bitbucket");
    assertThat(c.application("jira").orElseThrow().upstream())
        .isEqualTo(URI.create("http://127.0.0.1:7002"));
  }

  @Test
  void trustsLoopbackAsAProxySoTheReplayCanComeFromANewNetwork() throws Exception {
    DrawbridgeConfig c = load();
    assertThat(c.server().trustedProxies()).containsExactly(Cidr.parse("127.0.0.1/32"));
    assertThat(c.audit().durability().name()).isEqualTo("STRICT");
  }

  @Test
  void stolenTokenReachesWikiTrackerAndSourceControlButNotTheAdminConsole() throws Exception {
    DrawbridgeConfig c = load();
    for (String app : DemoConfig.TOKEN_APPS) {
      assertThat(namesToken(c.application(app).orElseThrow())).as(app).isTrue();
    }
    assertThat(namesToken(c.application("admin").orElseThrow())).isFalse();
    PolicyConfig admins = c.application("admin").orElseThrow().policies().get(0);
    assertThat(admins.include()).singleElement().isInstanceOf(Selector.Group.class);
    assertThat(((Selector.AuthMethod) admins.require().get(0)).values()).containsExactly("hwk");
  }

  @Test
  void refusesUpstreamsWithoutEveryApplication() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DemoConfig.yaml(Map.of("wiki", URI.create("http://x")), dir, 0, 0))
        .hasMessageContaining("upstreams: no");
  }

  private static boolean namesToken(ApplicationConfig app) {
    return app.policies().stream()
        .flatMap(p -> p.include().stream())
        .anyMatch(
            s ->
                s instanceof Selector.ServiceToken t && t.values().contains(DemoConfig.TOKEN_NAME));
  }
}
