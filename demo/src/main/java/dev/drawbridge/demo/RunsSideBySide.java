package dev.drawbridge.demo;

import dev.drawbridge.admin.incident.IncidentReport;
import dev.drawbridge.admin.incident.SideBySide;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's closing table: the real incident next to each run's figures, read from each run's
 * incident report (that is, from its audit log): requests, resources viewed and downloaded on
 * source control, and the time from the attacker's first request to the lock.
 */
final class RunsSideBySide {
  private RunsSideBySide() {}

  /** One column: a heading and the run's incident report. */
  record Column(String heading, Map<String, Object> report) {}

  static String render(List<Column> runs, String scmApp) {
    List<String> head = new ArrayList<>(List.of("", "Thanksgiving 2023"));
    List<String> requests = new ArrayList<>(List.of("requests (allowed)", "unknown"));
    List<String> viewed =
        new ArrayList<>(List.of("repositories viewed", "" + SideBySide.REAL_REPOS_VIEWED));
    List<String> downloaded =
        new ArrayList<>(List.of("repositories downloaded", "" + SideBySide.REAL_REPOS_DOWNLOADED));
    List<String> lock = new ArrayList<>(List.of("time to lock", "9 days"));
    for (Column c : runs) {
      Map<String, Object> r = c.report();
      Map<String, Object> counts = map(r.get("counts"));
      head.add(c.heading());
      requests.add(num(counts.get("requests")) + " (" + num(counts.get("allowed")) + ")");
      long v = 0;
      long d = 0;
      for (Map<String, Object> res : list(r.get("resources"))) {
        if (scmApp.equals(res.get("app"))) {
          v += num(res.get("view")) > 0 || num(res.get("download")) > 0 ? 1 : 0;
          d += num(res.get("download")) > 0 ? 1 : 0;
        }
      }
      viewed.add("" + v);
      downloaded.add("" + d);
      lock.add(timeToLock(r));
    }
    StringBuilder b = new StringBuilder();
    for (List<String> row : List.of(head, requests, viewed, downloaded, lock)) {
      b.append(String.format("%-25s %-18s", row.get(0), row.get(1)));
      for (int i = 2; i < row.size(); i++) {
        b.append(String.format(" %-22s", row.get(i)));
      }
      b.append(String.format("%n"));
    }
    return b.toString();
  }

  /** From the first request to the lock; a run refused throughout and never locked says so. */
  static String timeToLock(Map<String, Object> report) {
    List<Map<String, Object>> timeline = list(report.get("timeline"));
    Instant start = timeline.isEmpty() ? null : Instant.parse((String) timeline.get(0).get("time"));
    Instant lock = IncidentReport.lockTime(report);
    if (start == null || lock == null) {
      return num(map(report.get("counts")).get("allowed")) == 0 ? "none needed (refused)" : "never";
    }
    Duration d = Duration.between(start, lock);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object x : l) {
        if (x instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
    }
    return out;
  }
}
