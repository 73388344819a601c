package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads committed records back from the segment files of a log, by seq: what a shipper uses to
 * catch up after a restart or a backlog. Read-only; safe while the writer appends, as long as the
 * caller passes an {@code upToSeq} no higher than {@link AuditLog#lastSeq()} (records above it may
 * not be durable yet and are never returned).
 */
public final class AuditTail {
  private AuditTail() {}

  /** Records with {@code afterSeq < seq <= upToSeq}, in seq order, at most {@code max}. */
  public static List<AuditRecord> read(Path dataDir, long afterSeq, long upToSeq, int max)
      throws IOException {
    List<AuditRecord> out = new ArrayList<>();
    if (upToSeq <= afterSeq || max <= 0) {
      return out;
    }
    List<Path> segments = SegmentFiles.list(dataDir.resolve("audit"));
    int first = 0;
    for (int i = 0; i < segments.size(); i++) {
      Map<String, Object> h = header(segments.get(i));
      if (h != null && ((Number) h.get("prev_seq")).longValue() <= afterSeq) {
        first = i; // the last segment that starts at or before afterSeq + 1
      }
    }
    for (int i = first; i < segments.size() && out.size() < max; i++) {
      SegmentFiles.readLines(
          segments.get(i),
          line -> {
            if (!line.terminated()) {
              return false;
            }
            LinkedHashMap<String, Object> m = SegmentFiles.tryParse(line.bytes());
            if (m == null || SegmentFiles.isHeader(m) || !(m.get("seq") instanceof Number n)) {
              return true;
            }
            long seq = n.longValue();
            if (seq > upToSeq) {
              return false;
            }
            if (seq > afterSeq) {
              out.add(
                  new AuditRecord(
                      seq,
                      AuditJson.freezeMap(m),
                      new String(line.bytes(), StandardCharsets.UTF_8)));
            }
            return out.size() < max;
          });
    }
    return out;
  }

  /** A record from its exact log line (as shipped to the shared table). */
  public static AuditRecord parse(String json) throws IOException {
    LinkedHashMap<String, Object> m = AuditJson.parse(json);
    return new AuditRecord(((Number) m.get("seq")).longValue(), AuditJson.freezeMap(m), json);
  }

  /** Epoch millis of an event's {@code time} field, or -1 when absent or unreadable. */
  public static long timeMillis(Map<String, Object> fields) {
    return AuditJson.parseTimeMillis(fields.get("time"));
  }

  private static Map<String, Object> header(Path segment) throws IOException {
    Map<String, Object>[] h = new Map[1];
    SegmentFiles.readLines(
        segment,
        line -> {
          h[0] = SegmentFiles.tryParse(line.bytes());
          return false;
        });
    return h[0] != null && SegmentFiles.isHeader(h[0]) ? h[0] : null;
  }
}
