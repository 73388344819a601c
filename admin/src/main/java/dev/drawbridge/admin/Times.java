package dev.drawbridge.admin;

import dev.drawbridge.config.Durations;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Times as the admin API and the CLI accept them: RFC 3339 ({@code 2026-11-30T10:00:00Z}), a date
 * ({@code 2026-11-30}, midnight UTC), or a relative duration ({@code 2h}, {@code 7d}) meaning that
 * long before now.
 */
public final class Times {
  public static final String EXPECTED =
      "RFC 3339 such as 2026-11-30T10:00:00Z, a date such as 2026-11-30,"
          + " or a duration before now such as 2h or 7d";

  private Times() {}

  /** The earliest time accepted: 0000-01-01T00:00:00Z. */
  public static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");

  /** The latest time accepted: 9999-12-31T23:59:59.999Z (RFC 3339 years have four digits). */
  public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  /**
   * Parses {@code text}; IllegalArgumentException naming what is expected, also for a time outside
   * {@link #MIN}..{@link #MAX} (which the store could not represent as epoch milliseconds).
   */
  public static Instant parse(String text, Clock clock) {
    Instant t = parseUnbounded(text, clock);
    if (t.isBefore(MIN) || t.isAfter(MAX)) {
      throw new IllegalArgumentException(
          quote(text) + " is out of range (expected: a time from " + MIN + " to " + MAX + ")");
    }
    return t;
  }

  private static Instant parseUnbounded(String text, Clock clock) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty() || s.length() > 64) {
      throw new IllegalArgumentException(
          quote(text) + " is not a time (expected: " + EXPECTED + ")");
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      // not RFC 3339; try the other forms
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      // not a date
    }
    try {
      return clock.instant().minus(Durations.parse(s));
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new IllegalArgumentException(
          quote(text) + " is not a time (expected: " + EXPECTED + ")", e);
    }
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return '"' + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + '"';
  }
}
