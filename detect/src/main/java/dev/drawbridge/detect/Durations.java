package dev.drawbridge.detect;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sigma timespans: a number and one of s, m, h, d (e.g. {@code 90m}). */
final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})([smhd])");

  private Durations() {}

  /** The duration, or null when {@code text} is not in the Sigma timespan format. */
  static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }
}
