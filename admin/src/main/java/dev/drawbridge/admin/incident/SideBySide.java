package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.list;
import static dev.drawbridge.admin.incident.ReportValues.num;
import static dev.drawbridge.admin.incident.ReportValues.str;
import static dev.drawbridge.admin.incident.ReportValues.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The end of the demo: the real incident (Thanksgiving 2023) next to the replay's figures, read
 * from an incident report (that is, from the audit log, not from the replay's own printout).
 */
public final class SideBySide {
  public static final int REAL_REPOS_VIEWED = 120;
  public static final int REAL_REPOS_DOWNLOADED = 76;
  public static final Duration REAL_TIME_TO_DETECTION = Duration.ofDays(9);

  private SideBySide() {}

  /** Plain-text table; {@code scmApp} is the source-control application id (e.g. git). */
  public static String render(Map<String, Object> report, String scmApp) {
    long viewed = 0;
    long downloaded = 0;
    for (Map<String, Object> r : list(report.get("resources"))) {
      if (scmApp.equals(str(r, "app"))) {
        viewed += num(r, "view") > 0 || num(r, "download") > 0 ? 1 : 0;
        downloaded += num(r, "download") > 0 ? 1 : 0;
      }
    }
    List<Map<String, Object>> timeline = list(report.get("timeline"));
    Instant start = timeline.isEmpty() ? null : time(timeline.get(0), "time");
    Instant alert = IncidentReport.firstAlertTime(report);
    Instant lock = IncidentReport.lockTime(report);
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-28s %-18s %s%n", "", "Thanksgiving 2023", "replay (audit log)"));
    b.append(String.format("%-28s %-18d %d%n", "repositories viewed", REAL_REPOS_VIEWED, viewed));
    b.append(
        String.format(
            "%-28s %-18d %d%n", "repositories downloaded", REAL_REPOS_DOWNLOADED, downloaded));
    b.append(String.format("%-28s %-18s %s%n", "time to detection", "9 days", since(start, alert)));
    b.append(
        String.format("%-28s %-18s %s%n", "time to containment", "9 days", since(start, lock)));
    return b.toString();
  }

  static String since(Instant start, Instant end) {
    if (start == null || end == null) {
      return "never";
    }
    Duration d = Duration.between(start, end);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    return d.toSeconds() >= 120
        ? d.toMinutes() + " min"
        : String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
