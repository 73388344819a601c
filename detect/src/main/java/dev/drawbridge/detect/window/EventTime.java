package dev.drawbridge.detect.window;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads an event's RFC 3339 {@code time} as epoch milliseconds, with a fast path for UTC. */
public final class EventTime {
  /** Returned when the time is missing or unreadable. */
  public static final long INVALID = Long.MIN_VALUE;

  private EventTime() {}

  public static long millis(Object time) {
    if (!(time instanceof String)) {
      return INVALID;
    }
    String s = (String) time;
    long fast = fast(s);
    if (fast != INVALID) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return INVALID;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with a real calendar date and 1 to 9 fraction digits
   * (truncated to milliseconds); INVALID for anything else, which then goes to the slow path. Where
   * it answers, it answers as {@link OffsetDateTime#parse} does.
   */
  static long fast(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z' && s.charAt(n - 1) != 'z') {
      return INVALID;
    }
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return INVALID;
    }
    char t = s.charAt(10);
    if (t != 'T' && t != 't') {
      return INVALID;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return INVALID;
    }
    int millis = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21 || n > 30) {
        return INVALID;
      }
      int scale = 100;
      for (int i = 20; i < n - 1; i++) {
        int d = s.charAt(i) - '0';
        if (d < 0 || d > 9) {
          return INVALID;
        }
        millis += d * scale;
        scale /= 10;
      }
    }
    long days = daysFromCivil(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  private static long daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}
