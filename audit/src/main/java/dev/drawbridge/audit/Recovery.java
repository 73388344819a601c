package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening the log after a clean stop or a crash: finds the last segment, cuts a torn tail (trailing
 * lines that are incomplete or not JSON — a write the process died in, never acknowledged in strict
 * mode), rebuilds that segment's index and finds the chain head. It never "repairs" anything
 * earlier: tampering is for {@link AuditVerifier} to report.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  record Result(ActiveSegment segment, List<Path> closed, long headSeq, String headHash) {}

  private Recovery() {}

  static Result open(Path dir, LogFiles files) throws IOException {
    List<Path> segments = SegmentFiles.list(dir);
    if (segments.isEmpty()) {
      Path p = dir.resolve(SegmentFiles.name(1));
      ActiveSegment s =
          new ActiveSegment(1, p, files.open(p), 0, 0, HashChain.GENESIS, new SegmentIndex(1));
      return new Result(s, List.of(), 0, HashChain.GENESIS);
    }
    Path last = segments.get(segments.size() - 1);
    List<Path> closed = segments.subList(0, segments.size() - 1);
    int number = SegmentFiles.number(last);
    List<SegmentFiles.Line> lines = SegmentFiles.readAll(last);
    int keep = lines.size();
    while (keep > 0
        && (!lines.get(keep - 1).terminated()
            || SegmentFiles.tryParse(lines.get(keep - 1).bytes()) == null)) {
      keep--;
    }
    long good = keep == 0 ? 0 : lines.get(keep - 1).offset() + lines.get(keep - 1).length();
    LogFile file = files.open(last);
    if (file.size() > good) {
      log.warn(
          "audit: cut {} bytes of an incomplete write at the end of {} (crash during a write)",
          file.size() - good,
          last.getFileName());
      file.truncate(good);
      file.force();
    }
    SegmentIndex index = new SegmentIndex(number);
    if (keep == 0) {
      long[] seq = {0};
      String[] hash = {HashChain.GENESIS};
      if (!closed.isEmpty()) {
        tail(closed.get(closed.size() - 1), seq, hash);
      }
      ActiveSegment s = new ActiveSegment(number, last, file, 0, seq[0], hash[0], index);
      return new Result(s, closed, seq[0], hash[0]);
    }
    Map<String, Object> header = SegmentFiles.tryParse(lines.get(0).bytes());
    if (!SegmentFiles.isHeader(header)) {
      file.close();
      throw new IOException(
          last + " does not begin with a segment header; run `drawbridge audit verify`");
    }
    long prevSeq = ((Number) header.get("prev_seq")).longValue();
    String prevHash = (String) header.get("prev_hash");
    long headSeq = prevSeq;
    String headHash = prevHash;
    long events = 0;
    for (int i = 1; i < keep; i++) {
      SegmentFiles.Line l = lines.get(i);
      Map<String, Object> m = SegmentFiles.tryParse(l.bytes());
      if (m.get("seq") instanceof Number n && m.get("hash") instanceof String h) {
        headSeq = n.longValue();
        headHash = h;
        events++;
        index.add(headSeq, h, m, l.offset(), l.length());
      }
    }
    ActiveSegment s = new ActiveSegment(number, last, file, good, prevSeq, prevHash, index);
    s.events = events;
    return new Result(s, closed, headSeq, headHash);
  }

  /** The final seq and hash of a closed segment (its last event, else its header's prev). */
  private static void tail(Path segment, long[] seq, String[] hash) throws IOException {
    SegmentFiles.readLines(
        segment,
        l -> {
          Map<String, Object> m = l.terminated() ? SegmentFiles.tryParse(l.bytes()) : null;
          if (m == null) {
            return true;
          }
          if (SegmentFiles.isHeader(m)) {
            seq[0] = ((Number) m.get("prev_seq")).longValue();
            hash[0] = (String) m.get("prev_hash");
          } else if (m.get("seq") instanceof Number n && m.get("hash") instanceof String h) {
            seq[0] = n.longValue();
            hash[0] = h;
          }
          return true;
        });
  }
}
