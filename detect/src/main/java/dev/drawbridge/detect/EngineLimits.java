package dev.drawbridge.detect;

/**
 * Bounds on correlation state. {@code maxGroupsPerRule}: distinct group-by keys kept per
 * correlation (least recently touched evicted beyond it); {@code maxEntriesPerGroup}: the largest
 * count a condition may need per group (a larger threshold is refused when the engine is built).
 */
public record EngineLimits(int maxGroupsPerRule, int maxEntriesPerGroup) {
  public EngineLimits {
    if (maxGroupsPerRule < 1) {
      throw new IllegalArgumentException(
          "maxGroupsPerRule: " + maxGroupsPerRule + " (expected: > 0)");
    }
    if (maxEntriesPerGroup < 2) {
      throw new IllegalArgumentException(
          "maxEntriesPerGroup: " + maxEntriesPerGroup + " (expected: > 1)");
    }
  }

  public static EngineLimits defaults() {
    return new EngineLimits(100_000, 10_000);
  }
}
