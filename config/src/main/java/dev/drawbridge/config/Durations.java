package dev.drawbridge.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Human durations as written in the config file and on the command line: {@code 90d}, {@code 24h},
 * {@code 30m}, {@code 10s}, {@code 500ms}, {@code 2w}, combinations such as {@code 1h30m}, or
 * ISO-8601 such as {@code PT1H} and {@code P2D}. Negative durations are not accepted.
 */
public final class Durations {
  /** The text used in error messages for what a duration looks like. */
  public static final String EXPECTED = "a duration such as 90d, 24h, 30m, 10s, 500ms or PT1H";

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message such as {@code "90x" is not a duration
   *     (expected: a duration such as 90d, 24h, 30m, 10s, 500ms or PT1H)}
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no duration given (expected: " + EXPECTED + ")");
    }
    String s = text.trim();
    Duration d = s.isEmpty() ? null : parseOrNull(s);
    if (d == null) {
      throw new IllegalArgumentException(
          '"' + text + "\" is not a duration (expected: " + EXPECTED + ")");
    }
    return d;
  }

  private static Duration parseOrNull(String s) {
    char first = Character.toUpperCase(s.charAt(0));
    if (first == 'P') {
      try {
        Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
        return d.isNegative() ? null : d;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    try {
      return parseUnits(s.toLowerCase(Locale.ROOT));
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** A sequence of {@code <digits><unit>} pairs, e.g. {@code 1h30m}. */
  private static Duration parseUnits(String s) {
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 12) {
        return null;
      }
      long n = Long.parseLong(s.substring(start, i));
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      Duration part = unit(s.substring(unitStart, i), n);
      if (part == null) {
        return null;
      }
      total = total.plus(part);
    }
    return total;
  }

  private static Duration unit(String unit, long n) {
    return switch (unit) {
      case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      case "s" -> Duration.ofSeconds(n);
      case "ms" -> Duration.ofMillis(n);
      default -> null;
    };
  }

  /**
   * The shortest text in the units above that {@link #parse} reads back to the same duration, e.g.
   * {@code 90d}, {@code 1h30m}, {@code 500ms}, {@code 0s}.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return d.toString();
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long days = d.toDays();
    Duration rest = d.minusDays(days);
    append(out, days, "d");
    append(out, rest.toHours(), "h");
    append(out, rest.toMinutesPart(), "m");
    append(out, rest.toSecondsPart(), "s");
    append(out, rest.toMillisPart(), "ms");
    if (rest.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    return out.toString();
  }

  private static void append(StringBuilder out, long n, String unit) {
    if (n != 0) {
      out.append(n).append(unit);
    }
  }
}
