package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code time: {days, hours, tz}}: the request time, seen on the wall clock of {@code tz} (so DST
 * changes move the window with the clock), falls on one of {@code days} within {@code from..to}
 * (from inclusive, to exclusive). When {@code to <= from} the window crosses midnight, and its part
 * after midnight belongs to the day it started on: {@code fri 22:00-06:00} covers Saturday 02:00.
 * An empty day set means every day.
 */
final class TimeCriterion implements Criterion {
  private final int dayMask;
  private final int from;
  private final int to;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final String text;

  TimeCriterion(Set<DayOfWeek> days, int fromMinute, int toMinute, ZoneId zone) {
    int mask = 0;
    for (DayOfWeek d : days) {
      mask |= 1 << (d.getValue() - 1);
    }
    this.dayMask = days.isEmpty() ? 0x7f : mask;
    this.from = fromMinute;
    this.to = toMinute;
    this.zone = zone;
    this.rules = zone.getRules();
    TreeSet<DayOfWeek> sorted = new TreeSet<>(days);
    StringBuilder sb = new StringBuilder();
    for (DayOfWeek d : sorted) {
      sb.append(sb.length() == 0 ? "" : ",").append(shortName(d));
    }
    this.text =
        (days.isEmpty() ? "every day" : sb)
            + " "
            + hhmm(fromMinute)
            + "-"
            + hhmm(toMinute)
            + " "
            + zone.getId();
  }

  @Override
  public boolean test(AccessRequest r) {
    Instant t = r.time();
    long local = t.getEpochSecond() + rules.getOffset(t).getTotalSeconds();
    long day = Math.floorDiv(local, 86_400L);
    int minute = (int) Math.floorMod(local, 86_400L) / 60;
    int dow = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday; 0 = Monday
    if (from < to) {
      return minute >= from && minute < to && on(dow);
    }
    return (minute >= from && on(dow)) || (minute < to && on((dow + 6) % 7));
  }

  private boolean on(int dow) {
    return (dayMask & (1 << dow)) != 0;
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    var local = r.time().atZone(zone);
    String at =
        shortName(local.getDayOfWeek()) + " " + hhmm(local.getHour() * 60 + local.getMinute());
    return matched
        ? "time matched " + at + " in " + text
        : "time: " + at + " " + zone.getId() + " outside " + text;
  }

  @Override
  public String kind() {
    return "time";
  }

  private static String shortName(DayOfWeek d) {
    return d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  private static String hhmm(int minute) {
    return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
  }
}
