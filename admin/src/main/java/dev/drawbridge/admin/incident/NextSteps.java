package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.IncidentReport.row;
import static dev.drawbridge.admin.incident.ReportValues.list;
import static dev.drawbridge.admin.incident.ReportValues.map;
import static dev.drawbridge.admin.incident.ReportValues.str;
import static dev.drawbridge.admin.incident.ReportValues.time;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What to do next, read from the report's state: revoke or rotate a credential that still works
 * (the lock only holds it until it expires), review what it created, declare the vendor's breach
 * when its labels name one. Each step carries the exact command. Pure.
 */
final class NextSteps {
  private NextSteps() {}

  static List<Map<String, Object>> compute(
      String principal,
      Map<String, Object> window,
      List<Map<String, Object>> context,
      List<Map<String, Object>> locks,
      Map<String, Object> headline,
      ZoneId zone) {
    List<Map<String, Object>> steps = new ArrayList<>();
    Instant lockExpires = null;
    boolean locked = !locks.isEmpty();
    boolean forever = false;
    for (Map<String, Object> l : locks) {
      Instant e = time(l, "expires_at");
      forever |= e == null;
      lockExpires =
          e == null ? lockExpires : lockExpires == null || e.isAfter(lockExpires) ? e : lockExpires;
    }
    String lockText =
        !locked
            ? principal + " is not locked, so nothing stops the credential now."
            : forever
                ? principal + " is locked with no expiry, but the credential itself is still valid."
                : "The lock on "
                    + principal
                    + " expires at "
                    + Humane.time(lockExpires, zone)
                    + "; after that the credential works again.";
    for (Map<String, Object> c : context) {
      String name = str(c, "name");
      String status = str(c, "status");
      if (name == null || status == null || "revoked".equals(status)) {
        continue;
      }
      steps.add(
          row(
              "action", "revoke_credential",
              "title", "Revoke or rotate the credential " + name,
              "detail",
                  name
                      + " is still "
                      + status
                      + ". "
                      + lockText
                      + " If the integration must keep working, rotate it instead and give the"
                      + " new secret to its owner"
                      + (str(c, "owner") == null ? "" : " (" + str(c, "owner") + ")")
                      + ".",
              "command", "drawbridge token revoke " + name,
              "alternative", "drawbridge token rotate " + name + " --grace 0s"));
    }
    boolean knownToken = context.stream().anyMatch(c -> str(c, "status") != null);
    if (!knownToken) {
      // no credential to revoke (a user, or an unknown token): the lock is what holds the principal
      if (!locked || !forever) {
        steps.add(
            row(
                "action",
                locked ? "extend_lock" : "lock",
                "title",
                (locked ? "Keep " : "Lock ") + principal + " until the investigation ends",
                "detail",
                lockText,
                "command",
                "drawbridge lock --principal "
                    + principal
                    + " --reason \"incident under investigation\" --ttl 7d"));
      }
    }
    List<Map<String, Object>> created = new ArrayList<>();
    TreeSet<String> apps = new TreeSet<>();
    for (Map<String, Object> ch : list(headline.get("changed"))) {
      if ("POST".equals(str(ch, "method")) || "201".equals(str(ch, "status"))) {
        created.add(ch);
        apps.add(str(ch, "app"));
      }
    }
    if (!created.isEmpty()) {
      List<String> what = new ArrayList<>();
      created.stream().limit(5).forEach(ch -> what.add(str(ch, "method") + " " + str(ch, "path")));
      Instant since = time(headline, "started_at");
      steps.add(
          row(
              "action",
              "review_created",
              "title",
              "Review the accounts and objects it created",
              "detail",
              (created.size() == 1 ? "1 request" : created.size() + " requests")
                  + " created something on "
                  + String.join(", ", apps)
                  + " ("
                  + String.join("; ", what)
                  + "). Remove what the attacker added: a backdoor account survives a revoked"
                  + " token.",
              "command",
              "drawbridge audit query --principal "
                  + principal
                  + " --app "
                  + apps.first()
                  + " --decision allow"
                  + (since == null ? "" : " --since " + since)));
    }
    TreeSet<String> vendors = new TreeSet<>();
    for (Map<String, Object> c : context) {
      String vendor = str(map(c.get("labels")), "vendor");
      if (vendor != null && str(c, "exposed_vendor") == null) {
        vendors.add(vendor);
      }
    }
    Instant to = time(window, "to");
    String day = to == null ? "30d" : to.atZone(ZoneOffset.UTC).toLocalDate().toString();
    for (String vendor : vendors) {
      steps.add(
          row(
              "action", "declare_breach",
              "title", "Declare the breach of vendor " + vendor,
              "detail",
                  "The credential's labels name vendor "
                      + vendor
                      + ". Declaring the breach suspends every token labelled vendor="
                      + vendor
                      + " issued before that date and ends the sessions of its identity provider.",
              "command", "drawbridge breach declare --vendor " + vendor + " --since " + day));
    }
    return steps;
  }
}
