package dev.drawbridge.audit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The writer's encoding before the fast path, kept verbatim as the reference: the Jackson round
 * trip ({@link AuditLog#normalize}), a LinkedHashMap in line order, {@link HashChain#hash} over the
 * canonical Jackson form, the line by {@code AuditJson.LINE}, the record's map by {@link
 * AuditJson#freezeMap}.
 */
final class LegacyEncoding {
  private static final Set<String> ASSIGNED = Set.of("seq", "time", "event", "prev_hash", "hash");

  record Result(Map<String, Object> fields, String json, String hash, byte[] line) {}

  private LegacyEncoding() {}

  static Result encode(long seq, String now, Map<String, Object> event, String prev)
      throws Exception {
    Map<String, Object> body = AuditLog.normalize(event);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("seq", seq);
    f.put("time", body.get("time") != null ? body.get("time") : now);
    f.put("event", body.get("event"));
    body.forEach(
        (k, v) -> {
          if (!ASSIGNED.contains(k)) {
            f.put(k, v);
          }
        });
    f.put("prev_hash", prev);
    String hash = HashChain.hash(prev, f);
    f.put("hash", hash);
    String json = AuditJson.LINE.writeValueAsString(f);
    byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
    return new Result(AuditJson.freezeMap(f), json, hash, line);
  }
}
