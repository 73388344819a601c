package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuickstartExampleTest {

  static Path quickstart() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("examples/quickstart.yaml");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "examples/quickstart.yaml not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void loadsTheQuickstartExampleWithTwoApplications() throws Exception {
    Path file = quickstart();
    DrawbridgeConfig c = ConfigLoader.load(file);
    assertThat(c.server().listen()).hasToString("127.0.0.1:8080");
    assertThat(c.server().adminListen()).hasToString("127.0.0.1:9090");
    assertThat(c.dataDir()).isEqualTo(file.toAbsolutePath().getParent().resolve("data"));
    assertThat(c.applications()).extracting(ApplicationConfig::id).containsExactly("wiki", "git");

    ApplicationConfig wiki = c.application("wiki").orElseThrow();
    assertThat(wiki.hosts()).containsExactly("wiki.localhost");
    assertThat(wiki.upstream()).isEqualTo(URI.create("http://127.0.0.1:8081"));
    PolicyConfig bypass = wiki.policies().get(0);
    assertThat(bypass.decision()).isEqualTo(Effect.BYPASS);
    assertThat(bypass.paths()).containsExactly("/static/**");

    ApplicationConfig git = c.application("git").orElseThrow();
    assertThat(git.hosts()).containsExactly("git.localhost");
    assertThat(git.upstream()).isEqualTo(URI.create("http://127.0.0.1:8082"));
    assertThat(git.profile()).isEqualTo("git");
    assertThat(git.resources()).hasSize(1);
    assertThat(git.actions())
        .extracting(ApplicationConfig.ActionRule::name)
        .containsExactly("download", "admin");
    PolicyConfig engineers = git.policies().get(0);
    assertThat(engineers.include())
        .containsExactly(
            new Selector.Group(Set.of("engineering"), engineers.where() + ".include[0]"));
    assertThat(engineers.require())
        .containsExactly(new Selector.AuthMethod(Set.of("hwk"), engineers.where() + ".require[0]"));
    PolicyConfig ci = git.policies().get(1);
    assertThat(ci.name()).isEqualTo("ci-bot");
    assertThat(ci.include())
        .containsExactly(new Selector.ServiceToken(Set.of("ci-bot"), ci.where() + ".include[0]"));
    assertThat(ci.require())
        .containsExactly(
            new Selector.Ip(List.of(Cidr.parse("127.0.0.0/8")), ci.where() + ".require[0]"));
  }
}
