package dev.drawbridge.config;

import java.nio.file.Path;
import java.util.Map;

/** Test helpers: parse YAML with a fixed environment and catch the problems. */
final class Yaml {
  static final Path BASE = Path.of("/srv/drawbridge");

  private Yaml() {}

  static DrawbridgeConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, BASE, Map.<String, String>of()::get);
  }

  /** The problems of a config that must fail. */
  static java.util.List<String> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  static java.util.List<String> problems(String yaml, Map<String, String> env) {
    try {
      ConfigLoader.parse(yaml, BASE, env::get);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  /** One application with the given policies block (already indented by 6). */
  static String app(String policies) {
    return """
        applications:
          - id: git
            hosts: [git.corp.example]
            upstream: http://10.1.2.3:7990
            policies:
        """
        + policies;
  }
}
