package dev.drawbridge.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule fired. {@code time} is the time of the event that made it fire (never the clock); {@code
 * count} the events (event_count), distinct values (value_count) or rules (temporal) counted, 1 for
 * a single-event rule; {@code requestIds} at most 20; {@code lockTtl} null unless {@code response}
 * contains {@code lock}; {@code principal} null when the alert is about no one principal (a
 * correlation not grouped by {@code principal}, an event without one), so a {@code lock} response
 * has no one to lock. The id is deterministic: a name-based UUID of rule id, principal, first time
 * and the request id of the event that fired it.
 *
 * <p>{@code updates} is 0 for a new alert. A correlation that fires again for the same group within
 * its timespan updates the alert it raised (same id, {@code time} and {@code first_time}; {@code
 * count} grown, {@code last_time} moved, newest request ids) and {@code updates} says how many
 * times it was updated.
 */
public record Alert(
    String id,
    Instant time,
    String ruleId,
    String title,
    String level,
    String principal,
    long count,
    Instant firstTime,
    Instant lastTime,
    List<String> requestIds,
    List<String> response,
    Duration lockTtl,
    int updates) {
  public Alert {
    requestIds = List.copyOf(requestIds);
    response = List.copyOf(response);
  }

  /** A new alert ({@code updates} 0). */
  public Alert(
      String id,
      Instant time,
      String ruleId,
      String title,
      String level,
      String principal,
      long count,
      Instant firstTime,
      Instant lastTime,
      List<String> requestIds,
      List<String> response,
      Duration lockTtl) {
    this(
        id,
        time,
        ruleId,
        title,
        level,
        principal,
        count,
        firstTime,
        lastTime,
        requestIds,
        response,
        lockTtl,
        0);
  }

  /** True when this updates an alert raised before (same id), rather than raising a new one. */
  public boolean isUpdate() {
    return updates > 0;
  }

  /** True when the response asks for the principal to be locked. */
  public boolean locks() {
    return response.contains("lock");
  }

  /**
   * The alert as SPEC §6 JSON fields (times as RFC 3339 strings); adds lock_ttl when locking and
   * {@code updates} once the alert was updated.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("time", time.toString());
    m.put("rule_id", ruleId);
    m.put("title", title);
    m.put("level", level);
    m.put("principal", principal);
    m.put("count", count);
    m.put("first_time", firstTime.toString());
    m.put("last_time", lastTime.toString());
    m.put("request_ids", requestIds);
    m.put("response", response);
    if (lockTtl != null) {
      m.put("lock_ttl", lockTtl.toString());
    }
    if (updates > 0) {
      m.put("updates", updates);
    }
    return m;
  }
}
