package dev.drawbridge.config;

import java.util.List;

/**
 * One policy. Empty {@code methods}/{@code paths}: any. Empty {@code include}: matches nobody.
 * {@code where} is e.g. {@code applications[0].policies[1]}.
 */
public record PolicyConfig(
    String name,
    Effect decision,
    List<Selector> include,
    List<Selector> require,
    List<Selector> exclude,
    List<String> methods,
    List<String> paths,
    String where) {
  public PolicyConfig {
    include = List.copyOf(include);
    require = List.copyOf(require);
    exclude = List.copyOf(exclude);
    methods = List.copyOf(methods);
    paths = List.copyOf(paths);
  }
}
