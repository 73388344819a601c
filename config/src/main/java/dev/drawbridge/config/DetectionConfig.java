package dev.drawbridge.config;

import java.util.List;
import java.util.Map;

/**
 * {@code detection:}. {@code rules}: file globs of user Sigma rules; {@code disable}: built-in rule
 * ids turned off; {@code settings}: per built-in rule overrides, e.g. {@code
 * drawbridge.bulk-download: {threshold: 10, timespan: 1h, lock_ttl: 24h}}.
 */
public record DetectionConfig(
    List<String> rules, List<String> disable, Map<String, Map<String, Object>> settings) {
  public DetectionConfig {
    rules = List.copyOf(rules);
    disable = List.copyOf(disable);
    settings = Map.copyOf(settings);
  }

  public static DetectionConfig defaults() {
    return new DetectionConfig(List.of(), List.of(), Map.of());
  }
}
