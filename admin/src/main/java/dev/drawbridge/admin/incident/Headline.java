package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.IncidentReport.row;
import static dev.drawbridge.admin.incident.ReportValues.num;
import static dev.drawbridge.admin.incident.ReportValues.str;
import static dev.drawbridge.admin.incident.ReportValues.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report's headline: what left (downloads with their bytes), what was changed (write and admin
 * requests that succeeded), what was attempted and denied, time to detect and to contain, and the
 * same in sentences a manager reads. Pure.
 */
final class Headline {
  private Headline() {}

  static Map<String, Object> compute(
      List<Map<String, Object>> events,
      List<Map<String, Object>> alerts,
      Instant lock,
      ZoneId zone) {
    Map<List<String>, Map<String, Object>> left = new LinkedHashMap<>();
    List<Map<String, Object>> changed = new ArrayList<>();
    Map<String, Long> deniedReasons = new LinkedHashMap<>();
    TreeSet<String> deniedApps = new TreeSet<>();
    long denied = 0;
    long leftBytes = 0;
    for (Map<String, Object> e : events) {
      boolean allow = "allow".equals(str(e, "decision"));
      String action = str(e, "action");
      String app = String.valueOf(str(e, "app"));
      if (!allow) {
        denied++;
        deniedReasons.merge(String.valueOf(str(e, "reason")), 1L, Long::sum);
        deniedApps.add(app);
        continue;
      }
      if ("download".equals(action) && str(e, "resource") != null) {
        Map<String, Object> d =
            left.computeIfAbsent(
                List.of(app, str(e, "resource")),
                k ->
                    row(
                        "app", k.get(0),
                        "resource", k.get(1),
                        "downloads", 0L,
                        "bytes", 0L,
                        "first_time", str(e, "time")));
        d.put("downloads", (Long) d.get("downloads") + 1);
        d.put("bytes", (Long) d.get("bytes") + num(e, "bytes_out"));
        leftBytes += num(e, "bytes_out");
      }
      long status = num(e, "status");
      if (("write".equals(action) || "admin".equals(action))
          && (status == 0 || (status >= 200 && status < 300))) {
        changed.add(
            row(
                "time", str(e, "time"),
                "app", app,
                "method", str(e, "method"),
                "path", str(e, "path"),
                "status", status == 0 ? null : status,
                "action", action,
                "resource", str(e, "resource"),
                "request_id", str(e, "request_id")));
      }
    }
    List<Map<String, Object>> leftList = new ArrayList<>(left.values());
    leftList.sort(
        Comparator.comparingLong((Map<String, Object> m) -> num(m, "bytes"))
            .reversed()
            .thenComparing(m -> str(m, "app") + "/" + str(m, "resource")));
    Instant start = events.isEmpty() ? null : time(events.get(0), "time");
    Instant detected = null;
    String detectedBy = null;
    for (Map<String, Object> a : alerts) {
      Instant t = time(a, "time");
      if (t != null && (detected == null || t.isBefore(detected))) {
        detected = t;
        detectedBy = str(a, "rule_id");
      }
    }
    Duration toDetect = between(start, detected);
    Duration toContain = between(start, lock);
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("started_at", start == null ? null : start.toString());
    h.put("left", leftList);
    h.put("left_resources", (long) leftList.size());
    h.put("left_bytes", leftBytes);
    h.put("changed", changed);
    List<Map<String, Object>> reasons = new ArrayList<>();
    deniedReasons.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(en -> reasons.add(row("reason", en.getKey(), "count", en.getValue())));
    h.put("denied", row("count", denied, "apps", List.copyOf(deniedApps), "reasons", reasons));
    h.put("detected_at", detected == null ? null : detected.toString());
    h.put("detected_by", detectedBy);
    h.put("time_to_detect_seconds", seconds(toDetect));
    h.put("contained_at", lock == null ? null : lock.toString());
    h.put("time_to_contain_seconds", seconds(toContain));
    h.put(
        "sentences",
        sentences(
            leftList,
            leftBytes,
            changed,
            denied,
            deniedApps,
            reasons,
            detected,
            detectedBy,
            toDetect,
            lock,
            toContain,
            zone));
    return h;
  }

  private static List<String> sentences(
      List<Map<String, Object>> left,
      long leftBytes,
      List<Map<String, Object>> changed,
      long denied,
      TreeSet<String> deniedApps,
      List<Map<String, Object>> reasons,
      Instant detected,
      String detectedBy,
      Duration toDetect,
      Instant lock,
      Duration toContain,
      ZoneId zone) {
    List<String> s = new ArrayList<>();
    if (left.isEmpty()) {
      s.add("What left: nothing was downloaded.");
    } else {
      TreeSet<String> apps = new TreeSet<>();
      left.forEach(m -> apps.add(str(m, "app")));
      s.add(
          "What left: "
              + Humane.plural(left.size(), "resource")
              + " downloaded from "
              + String.join(", ", apps)
              + ", "
              + Humane.bytes(leftBytes)
              + " in total.");
    }
    if (changed.isEmpty()) {
      s.add("What changed: no write or admin request succeeded.");
    } else {
      Map<String, Object> c = changed.get(0);
      s.add(
          "What changed: "
              + Humane.plural(changed.size(), "write or admin request")
              + " succeeded"
              + (changed.size() > 1 ? ", the first " : ": ")
              + str(c, "method")
              + " "
              + str(c, "path")
              + " on "
              + str(c, "app")
              + (c.get("status") == null ? "" : " (" + status(num(c, "status")) + ")")
              + " at "
              + Humane.time(time(c, "time"), zone)
              + ".");
    }
    if (denied == 0) {
      s.add("Attempted and denied: nothing.");
    } else {
      List<String> top = new ArrayList<>();
      reasons.stream().limit(3).forEach(r -> top.add(str(r, "reason") + " ×" + num(r, "count")));
      s.add(
          "Attempted and denied: "
              + Humane.plural(denied, "request")
              + " on "
              + String.join(", ", deniedApps)
              + " ("
              + String.join(", ", top)
              + ").");
    }
    s.add(
        detected == null
            ? "Detection: no alert was raised."
            : "Detected "
                // no request in the window (an identity signal's alert): no time to detect
                + (toDetect == null
                    ? ""
                    : toDetect.toMillis() < 1000
                        ? "within a second of the first request, "
                        : Humane.duration(toDetect) + " after the first request, ")
                + "at "
                + Humane.time(detected, zone)
                + " (rule "
                + detectedBy
                + ").");
    s.add(
        lock == null
            ? "Containment: the principal was not locked."
            : (toContain == null
                    ? "Containment: "
                    : "Contained " + Humane.duration(toContain) + " after the first request: ")
                + "the lock took effect at "
                + Humane.time(lock, zone)
                + ".");
    return s;
  }

  static String status(long code) {
    String name =
        switch ((int) code) {
          case 200 -> "OK";
          case 201 -> "Created";
          case 202 -> "Accepted";
          case 204 -> "No Content";
          default -> null;
        };
    return name == null ? String.valueOf(code) : code + " " + name;
  }

  private static Duration between(Instant start, Instant end) {
    if (start == null || end == null) {
      return null;
    }
    Duration d = Duration.between(start, end);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }
}
