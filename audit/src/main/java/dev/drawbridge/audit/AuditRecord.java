package dev.drawbridge.audit;

import java.util.Map;

/**
 * One durable audit event.
 *
 * @param seq its 1-based, gapless sequence number
 * @param fields the event as written, unmodifiable, in line order (seq, time, event, …, prev_hash,
 *     hash)
 * @param json the exact line in the segment file, without the trailing newline
 */
public record AuditRecord(long seq, Map<String, Object> fields, String json) {
  public String hash() {
    return (String) fields.get("hash");
  }

  public String event() {
    return (String) fields.get("event");
  }
}
