package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpUpstreamTest {
  static String app(String upstream) {
    return """
        applications:
          - id: ssh
            hosts: [ssh.corp.example]
            upstream: UP
            policies:
              - {name: admins, decision: allow, include: [{email: [ana@corp.example]}]}
        """
        .replace("UP", upstream);
  }

  @Test
  void acceptsATcpUpstreamWithHostAndPort() throws Exception {
    ApplicationConfig a = Yaml.parse(app("tcp://10.0.0.5:22")).applications().get(0);
    assertThat(a.tcp()).isTrue();
    assertThat(a.upstream().getHost()).isEqualTo("10.0.0.5");
    assertThat(a.upstream().getPort()).isEqualTo(22);
    assertThat(Yaml.parse(app("http://10.0.0.5:80")).applications().get(0).tcp()).isFalse();
  }

  @Test
  void namesTheKeyOfATcpUpstreamWithoutAPort() {
    assertThat(Yaml.problems(app("tcp://10.0.0.5")))
        .singleElement()
        .asString()
        .startsWith("applications[0].upstream: \"tcp://10.0.0.5\" is not a tcp address")
        .contains("tcp://HOST:PORT");
  }

  @Test
  void refusesATcpUpstreamWithAPathOrUserInfo() {
    assertThat(Yaml.problems(app("tcp://10.0.0.5:22/x")))
        .singleElement()
        .asString()
        .contains("has more than a host and a port");
    assertThat(Yaml.problems(app("tcp://me@10.0.0.5:22")))
        .singleElement()
        .asString()
        .contains("has more than a host and a port");
  }
}
