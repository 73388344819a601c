package dev.drawbridge.demo;

import dev.drawbridge.admin.incident.Humane;
import java.io.PrintStream;
import java.util.Map;

/** Prints the replay's progress: one line per step (views condensed), the lock, a summary. */
final class ReplayPrinter {
  private final PrintStream out;
  private int viewsAllowed;

  ReplayPrinter(PrintStream out) {
    this.out = out;
  }

  void banner(ReplayTarget target, BreachReplay.Options o) {
    out.printf(
        "Replaying the stolen token %s%s after %d idle days%n",
        target.clientId(),
        target.forwardedFor() == null ? "" : " from " + target.forwardedFor(),
        o.idle().toDays());
  }

  void step(ReplayStep s) {
    if (s.phase().equals("view") && s.allowed()) {
      viewsAllowed++;
      if (viewsAllowed % 20 != 0) {
        return;
      }
      out.printf(
          "  [%03d] %-5s %-11s %3d %s (%d repositories viewed so far)%n",
          s.index(), s.app(), s.phase(), s.status(), s.outcome(), viewsAllowed);
      return;
    }
    out.printf(
        "  [%03d] %-5s %-11s %3s %-15s %s%s%n",
        s.index(),
        s.app(),
        s.phase(),
        s.status() == 0 ? "-" : String.valueOf(s.status()),
        s.outcome(),
        s.what(),
        s.requestId() == null ? "" : "  (request " + s.requestId() + ")");
  }

  void viewed(int viewed) {
    out.printf("  -> %d repositories viewed (git ls-remote style)%n", viewed);
  }

  void refusedAtFirst(ReplayStep s) {
    out.printf(
        "  -> Drawbridge refused the stolen credential at the first request (%d %s); the attacker"
            + " gets nothing.%n",
        s.status(), s.outcome());
  }

  void lockLanded(ReplayStep s, int cloned) {
    out.printf(
        "  -> the lock landed at %s: clone refused (%d %s) after %d repositories downloaded;"
            + " cloning stops.%n",
        s.time(), s.status(), s.outcome(), cloned);
  }

  void summary(ReplayResult r, boolean adminApi) {
    out.println("Replay finished:");
    out.printf("  wiki pages read           %d%n", r.wikiPagesRead());
    out.printf("  backup user created       %s%n", r.persistenceCreated() ? "yes" : "no");
    out.printf("  repositories listed       %d%n", r.reposListed());
    out.printf("  repositories viewed       %d%n", r.reposViewed());
    out.printf("  repositories downloaded   %d%n", r.reposCloned());
    out.printf(
        "  admin console reached     %s%n", r.allowedOn(SampleApps.ADMIN) > 0 ? "YES" : "no");
    if (!adminApi) {
      return;
    }
    out.println("Rules that fired:");
    for (Map<String, Object> a : r.alerts()) {
      out.printf(
          "  %s  %-36s count=%s response=%s%n",
          readable(a.get("time")), a.get("rule_id"), a.get("count"), a.get("response"));
    }
    if (r.alerts().isEmpty()) {
      out.println("  (none reported by the admin API)");
    }
    for (Map<String, Object> l : r.locks()) {
      out.printf(
          "Lock on %s took effect at %s (%s)%n",
          l.get("principal"), readable(l.get("created_at")), l.get("reason"));
    }
  }

  /** An RFC 3339 time as the incident report shows it (seconds, UTC); as given if unparseable. */
  static String readable(Object time) {
    try {
      return Humane.time(java.time.Instant.parse(String.valueOf(time)), java.time.ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      return String.valueOf(time);
    }
  }
}
