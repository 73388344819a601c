package dev.drawbridge.admin.incident;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Times in a chosen zone, durations and sizes in words a person reads at a glance. */
public final class Humane {
  private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Humane() {}

  /** {@code name} as a zone; null or blank is UTC; an unknown zone names the key and the value. */
  public static ZoneId zone(String name) {
    if (name == null || name.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(name.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "tz: \""
              + name
              + "\" is not a time zone (expected: an IANA zone such as Europe/Berlin, or UTC)");
    }
  }

  /** "2026-12-06 05:35:39 UTC"; "-" for null. */
  public static String time(Instant t, ZoneId zone) {
    if (t == null) {
      return "-";
    }
    return FULL.format(t.atZone(zone)) + " " + zoneName(zone, t);
  }

  /** "05:35:39" (same day as the window is implied by the report); "-" for null. */
  public static String clock(Instant t, ZoneId zone) {
    return t == null ? "-" : SHORT.format(t.atZone(zone));
  }

  static String zoneName(ZoneId zone, Instant t) {
    if (zone.normalized().equals(ZoneOffset.UTC)) {
      return "UTC";
    }
    String s = zone.getDisplayName(TextStyle.SHORT, Locale.ROOT);
    return s.equals(zone.getId()) ? zone.getId() : zone.getId() + " (" + offset(zone, t) + ")";
  }

  private static String offset(ZoneId zone, Instant t) {
    String o = zone.getRules().getOffset(t).getId();
    return "Z".equals(o) ? "UTC" : "UTC" + o;
  }

  /** "102.4 kB", "3.1 MB", "512 B" (decimal units, as disks and networks count). */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double v = n;
    int i = -1;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }

  /**
   * "0.4 seconds", "9.1 seconds", "4 minutes 12 seconds", "3 hours 5 minutes", "9 days 2 hours".
   */
  public static String duration(Duration d) {
    if (d == null) {
      return "never";
    }
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.toSeconds();
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f seconds", d.toMillis() / 1000.0);
    }
    if (s < 3600) {
      return plural(s / 60, "minute") + and(s % 60, "second");
    }
    if (s < 86_400) {
      return plural(s / 3600, "hour") + and(s % 3600 / 60, "minute");
    }
    return plural(s / 86_400, "day") + and(s % 86_400 / 3600, "hour");
  }

  static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  private static String and(long n, String unit) {
    return n == 0 ? "" : " " + plural(n, unit);
  }
}
