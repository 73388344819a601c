package dev.drawbridge.config;

import java.util.List;

/**
 * A configuration that cannot be used. Each problem is one line naming the key path and what is
 * expected, e.g. {@code applications[2].policies[0].require[1].ip: "10.0.0.0/33" is not a CIDR}.
 */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
