package dev.drawbridge.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code time: {days: [mon, …], hours: "08:00-19:00", tz: Europe/Berlin}} selector. */
final class TimeSelectorParser {
  private static final Set<String> KEYS = Cursor.keys("days", "hours", "tz");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final String DAYS_EXPECTED =
      "days among mon, tue, wed, thu, fri, sat, sun (or a range such as mon-fri)";
  private static final String HOURS_EXPECTED = "a window such as \"08:00-19:00\"";
  private static final Pattern HOURS =
      Pattern.compile("(\\d{1,2})(?::(\\d{2}))?\\s*-\\s*(\\d{1,2})(?::(\\d{2}))?");

  private TimeSelectorParser() {}

  /** Null after reporting problems. */
  static Selector.Time parse(Cursor c, String where) {
    if (c.absent() || !c.node().isObject()) {
      c.wrongKind("a map with days, hours, tz, e.g. {days: [mon-fri], hours: \"08:00-19:00\"}");
      return null;
    }
    c.object("", KEYS);
    boolean ok = true;
    Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
    Cursor dc = c.get("days");
    if (!dc.absent()) {
      days = EnumSet.noneOf(DayOfWeek.class);
      List<String> names = dc.strings(DAYS_EXPECTED);
      if (names.isEmpty() && dc.node().isArray()) {
        dc.problem("is empty (expected: " + DAYS_EXPECTED + ")");
        ok = false;
      }
      for (String name : names) {
        ok &= addDays(dc, name, days);
      }
    }
    int from = 0;
    int to = 24 * 60;
    Cursor hc = c.get("hours");
    String hours = hc.string(HOURS_EXPECTED);
    if (hours != null) {
      int[] window = hours(hours);
      if (window == null) {
        hc.badValue("is not a time window", HOURS_EXPECTED + " (24h clock)");
        ok = false;
      } else if (window[0] == window[1]) {
        hc.badValue("is an empty window", HOURS_EXPECTED + " with different start and end");
        ok = false;
      } else {
        from = window[0];
        to = window[1];
      }
    } else if (!hc.absent()) {
      ok = false;
    }
    ZoneId zone = ZoneId.of("UTC");
    Cursor tc = c.get("tz");
    String tz = tc.string("an IANA time zone such as Europe/Berlin");
    if (tz != null) {
      try {
        zone = ZoneId.of(tz.trim());
      } catch (DateTimeException e) {
        tc.badValue("is not a time zone", "an IANA time zone id such as Europe/Berlin or UTC");
        ok = false;
      }
    } else if (!tc.absent()) {
      ok = false;
    }
    return ok ? new Selector.Time(Set.copyOf(days), from, to, zone, where) : null;
  }

  private static boolean addDays(Cursor dc, String name, Set<DayOfWeek> days) {
    String s = name.trim().toLowerCase(Locale.ROOT);
    int dash = s.indexOf('-');
    int first = day(dash < 0 ? s : s.substring(0, dash).trim());
    int last = dash < 0 ? first : day(s.substring(dash + 1).trim());
    if (first < 0 || last < 0) {
      dc.problem(Cursor.quote(name) + " is not a day (expected: " + DAYS_EXPECTED + ")");
      return false;
    }
    for (int i = first; ; i = (i + 1) % 7) {
      days.add(DayOfWeek.of(i + 1));
      if (i == last) {
        return true;
      }
    }
  }

  /** 0 for mon … 6 for sun; full names accepted; -1 if not a day. */
  private static int day(String s) {
    for (int i = 0; i < DAYS.size(); i++) {
      String full = DayOfWeek.of(i + 1).name().toLowerCase(Locale.ROOT);
      if (s.equals(DAYS.get(i)) || s.equals(full)) {
        return i;
      }
    }
    return -1;
  }

  /** {fromMinute, toMinute}; end may be 24:00. Null if malformed. */
  static int[] hours(String text) {
    Matcher m = HOURS.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    int from = minute(m.group(1), m.group(2), false);
    int to = minute(m.group(3), m.group(4), true);
    return from < 0 || to < 0 ? null : new int[] {from, to};
  }

  private static int minute(String h, String m, boolean end) {
    int hour = Integer.parseInt(h);
    int min = m == null ? 0 : Integer.parseInt(m);
    if (min > 59 || hour > 24 || (hour == 24 && (min != 0 || !end))) {
      return -1;
    }
    return hour * 60 + min;
  }
}
