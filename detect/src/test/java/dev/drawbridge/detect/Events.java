package dev.drawbridge.detect;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds audit events for tests. */
final class Events {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static int seq;

  private Events() {}

  /** An access event at T0 + {@code seconds}; {@code kv} are field/value pairs. */
  static Map<String, Object> access(long seconds, Object... kv) {
    Map<String, Object> e = new HashMap<>();
    e.put("event", "access");
    e.put("time", T0.plusSeconds(seconds).toString());
    e.put("request_id", "req-" + (++seq));
    e.put("principal_type", "user");
    e.put("decision", "allow");
    e.put("action", "view");
    for (int i = 0; i < kv.length; i += 2) {
      e.put((String) kv[i], kv[i + 1]);
    }
    return e;
  }

  static DetectionEngine engine(String yaml) {
    return new DetectionEngine(RuleLoader.parse(yaml, "test.yml"), EngineLimits.defaults());
  }
}
