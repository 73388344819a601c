package dev.drawbridge.admin;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * Builds the SPEC §7 incident report of one principal over a window ({@code from <= time < to}) as
 * a JSON-ready map: {@code principal, window, credentials, source_ips, apps, resources, counts,
 * denied_attempts, alerts, locks, timeline}.
 */
@FunctionalInterface
public interface IncidentReporter {
  Map<String, Object> report(String principal, Instant from, Instant to);

  /** As {@link #report(String, Instant, Instant)}, with its words and times in {@code zone}. */
  default Map<String, Object> report(String principal, Instant from, Instant to, ZoneId zone) {
    return report(principal, from, to);
  }
}
