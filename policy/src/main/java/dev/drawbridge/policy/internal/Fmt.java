package dev.drawbridge.policy.internal;

import java.util.Collection;
import java.util.TreeSet;

/** Formatting helpers for explanations and lint messages. */
public final class Fmt {
  private Fmt() {}

  /** {@code [a, b]}, sorted, for stable messages. */
  public static String list(Collection<?> values) {
    TreeSet<String> sorted = new TreeSet<>();
    for (Object v : values) {
      sorted.add(String.valueOf(v));
    }
    return sorted.toString();
  }

  /** {@code "x"} or {@code none} for null. */
  public static String orNone(String s) {
    return s == null ? "none" : s;
  }
}
