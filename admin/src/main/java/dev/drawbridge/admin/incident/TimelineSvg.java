package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.ReportValues.list;
import static dev.drawbridge.admin.incident.ReportValues.str;
import static dev.drawbridge.admin.incident.ReportValues.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The incident's timeline as inline SVG: time on x, one lane per application, a green dot per
 * allowed request, a red cross per denied one, orange ticks for alerts and a dashed vertical line
 * where the lock landed.
 */
final class TimelineSvg {
  static final int WIDTH = 960;
  static final int LEFT = 90;
  static final int RIGHT = 20;
  static final int TOP = 40;
  static final int LANE = 36;

  private TimelineSvg() {}

  static String render(Map<String, Object> report) {
    List<Map<String, Object>> events = list(report.get("timeline"));
    List<String> lanes = new ArrayList<>();
    Instant min = null;
    Instant max = null;
    List<Map<String, Object>> timed = new ArrayList<>();
    for (Map<String, Object> e : events) {
      Instant t = time(e, "time");
      if (t == null) {
        continue;
      }
      timed.add(e);
      String app = String.valueOf(str(e, "app"));
      if (!lanes.contains(app)) {
        lanes.add(app);
      }
      min = min == null || t.isBefore(min) ? t : min;
      max = max == null || t.isAfter(max) ? t : max;
    }
    Instant lock = IncidentReport.lockTime(report);
    List<Instant> alerts = new ArrayList<>();
    for (Map<String, Object> a : list(report.get("alerts"))) {
      Instant t = time(a, "time");
      if (t != null) {
        alerts.add(t);
      }
    }
    for (Instant t : concat(alerts, lock)) {
      min = min == null || t.isBefore(min) ? t : min;
      max = max == null || t.isAfter(max) ? t : max;
    }
    java.time.ZoneId zone = ReportLayout.zone(report);
    int height = TOP + Math.max(1, lanes.size()) * LANE + 30;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"Timeline of requests per application\">\n");
    s.append("<style>text{font:12px sans-serif}</style>\n");
    if (min == null) {
      s.append("<text x=\"").append(LEFT).append("\" y=\"").append(TOP + 15);
      s.append("\">No requests in the window.</text>\n</svg>\n");
      return s.toString();
    }
    long span = Math.max(1, Duration.between(min, max).toMillis());
    for (int i = 0; i < lanes.size(); i++) {
      int y = laneY(i);
      s.append(
          String.format(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
              LEFT, y, WIDTH - RIGHT, y));
      s.append(
          String.format(
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
              LEFT - 8, y + 4, ReportValues.escapeHtml(lanes.get(i))));
    }
    for (Map<String, Object> e : timed) {
      int x = x(time(e, "time"), min, span);
      int y = laneY(lanes.indexOf(String.valueOf(str(e, "app"))));
      String title =
          ReportValues.escapeHtml(
              Humane.time(time(e, "time"), zone)
                  + " "
                  + str(e, "method")
                  + " "
                  + str(e, "path")
                  + " → "
                  + str(e, "decision")
                  + (str(e, "reason") == null ? "" : " (" + str(e, "reason") + ")"));
      if ("allow".equals(str(e, "decision")) && "download".equals(str(e, "action"))) {
        // what left stands out: a blue diamond, drawn over the lane
        s.append(
            String.format(
                "<path class=\"download\" d=\"M%d %dl6 6l-6 6l-6 -6z\" fill=\"#0550ae\">"
                    + "<title>%s</title></path>%n",
                x, y - 6, title));
      } else if ("allow".equals(str(e, "decision"))) {
        s.append(
            String.format(
                "<circle class=\"allow\" cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#2e7d32\" fill-opacity=\"0.6\">"
                    + "<title>%s</title></circle>%n",
                x, y, title));
      } else {
        s.append(
            String.format(
                "<path class=\"deny\" d=\"M%d %dl8 8M%d %dl-8 8\" stroke=\"#c62828\" stroke-width=\"2\">"
                    + "<title>%s</title></path>%n",
                x - 4, y - 4, x + 4, y - 4, title));
      }
    }
    for (Instant a : alerts) {
      int x = x(a, min, span);
      s.append(
          String.format(
              "<path class=\"alert\" d=\"M%d %dl-5 -9h10z\" fill=\"#ef6c00\"><title>alert %s</title></path>%n",
              x, TOP - 4, Humane.time(a, zone)));
    }
    if (lock != null) {
      int x = x(lock, min, span);
      s.append(
          String.format(
              "<line class=\"lock\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c62828\""
                  + " stroke-dasharray=\"6 4\" stroke-width=\"2\"/>%n",
              x, TOP - 12, x, height - 24));
      // the label stays inside the frame: to the left of the line when the line is on the right
      boolean right = x > WIDTH / 2;
      s.append(
          String.format(
              "<text class=\"lock-label\" x=\"%d\" y=\"%d\" fill=\"#c62828\"%s>lock took effect %s</text>%n",
              right ? x - 6 : x + 6,
              TOP - 16,
              right ? " text-anchor=\"end\"" : "",
              ReportValues.escapeHtml(Humane.time(lock, zone))));
    }
    s.append(
        String.format(
            "<text x=\"%d\" y=\"%d\">%s</text>%n",
            LEFT, height - 6, ReportValues.escapeHtml(Humane.time(min, zone))));
    s.append(
        String.format(
            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
            WIDTH - RIGHT, height - 6, ReportValues.escapeHtml(Humane.time(max, zone))));
    s.append("</svg>\n");
    return s.toString();
  }

  private static List<Instant> concat(List<Instant> a, Instant b) {
    List<Instant> out = new ArrayList<>(a);
    if (b != null) {
      out.add(b);
    }
    return out;
  }

  private static int laneY(int i) {
    return TOP + 18 + i * LANE;
  }

  private static int x(Instant t, Instant min, long span) {
    double f = Duration.between(min, t).toMillis() / (double) span;
    return LEFT + (int) Math.round(f * (WIDTH - LEFT - RIGHT - 10)) + 5;
  }
}
