package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening the log after a clean stop or a crash: finds the last segment, cuts its tail of trailing
 * lines that are incomplete or not JSON, rebuilds that segment's index and finds the chain head. It
 * never "repairs" anything earlier: tampering is for {@link AuditVerifier} to report.
 *
 * <p>Cut bytes are never destroyed: before the segment is truncated they are copied to a side file
 * next to it, {@code <segment>.cut-N} (N above every earlier one, so none is overwritten), which is
 * forced, as is the directory. A tail that looks like a torn write — a crash during the write the
 * writer makes of each batch, so an unterminated line that begins like the next line the writer
 * would have written, or bytes damaged to NULs as an OS crash can leave them — is logged as a
 * warning. Any other tail (a newline-terminated line that is not JSON, or a complete event without
 * its newline that does not follow the chain) is not what a crash leaves: it may be tampering (the
 * last event edited, which a restart would otherwise erase). Its side file is named {@code
 * <segment>.cut-N.suspect}, an error is logged, and the log still opens (a gateway that will not
 * start is worse); {@link AuditVerifier} then fails until the operator has looked at it and moved
 * it out of the audit directory. If the side file cannot be written, the open fails and nothing is
 * cut.
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
    SegmentIndex index = new SegmentIndex(number);
    long prevSeq = 0;
    String prevHash = HashChain.GENESIS;
    long headSeq;
    String headHash;
    long events = 0;
    if (keep == 0) {
      long[] seq = {0};
      String[] hash = {HashChain.GENESIS};
      if (!closed.isEmpty()) {
        tail(closed.get(closed.size() - 1), seq, hash);
      }
      headSeq = seq[0];
      headHash = hash[0];
    } else {
      Map<String, Object> header = SegmentFiles.tryParse(lines.get(0).bytes());
      if (!SegmentFiles.isHeader(header)) {
        throw new IOException(
            last + " does not begin with a segment header; run `drawbridge audit verify`");
      }
      prevSeq = ((Number) header.get("prev_seq")).longValue();
      prevHash = (String) header.get("prev_hash");
      headSeq = prevSeq;
      headHash = prevHash;
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
    }
    LogFile file = files.open(last);
    try {
      if (file.size() > good) {
        String expected =
            keep == 0
                ? AuditJson.LINE.writeValueAsString(SegmentFiles.header(number, headSeq, headHash))
                    + "\n"
                : "{\"seq\":" + (headSeq + 1) + ",";
        String notTorn = notTorn(lines.subList(keep, lines.size()), expected, headSeq, headHash);
        long size = file.size();
        Path side = saveCut(last, good, size, notTorn != null);
        if (notTorn == null) {
          log.warn(
              "audit: cut {} bytes of an incomplete write at the end of {} (crash during a write);"
                  + " they are kept in {}",
              size - good,
              last.getFileName(),
              side.getFileName());
        } else {
          log.error(
              "audit: cut {} bytes at the end of {} that were NOT a torn write ({}): the log may"
                  + " have been tampered with; the cut bytes are kept in {}, and `drawbridge audit"
                  + " verify` fails until that file is examined and moved out of {}",
              size - good,
              last.getFileName(),
              notTorn,
              side.getFileName(),
              dir);
        }
        file.truncate(good);
        file.force();
      }
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
    if (keep == 0) {
      ActiveSegment s = new ActiveSegment(number, last, file, 0, headSeq, headHash, index);
      return new Result(s, closed, headSeq, headHash);
    }
    ActiveSegment s = new ActiveSegment(number, last, file, good, prevSeq, prevHash, index);
    s.events = events;
    return new Result(s, closed, headSeq, headHash);
  }

  /**
   * Null when the cut lines look like a torn write, else why not. A torn write is a prefix of what
   * the writer wrote after the head (the segment header line {@code expected}, newline included,
   * when the segment holds no complete line; else an event beginning {@code expected}), possibly
   * with blocks zeroed by an OS crash: so at most one line, unterminated, beginning like {@code
   * expected}; a complete line without its newline must be the next event of the chain; a line
   * holding NUL bytes (which the writer never writes: JSON escapes them) is crash damage.
   */
  static String notTorn(
      List<SegmentFiles.Line> cut, String expected, long headSeq, String headHash) {
    for (int i = 0; i < cut.size(); i++) {
      SegmentFiles.Line l = cut.get(i);
      byte[] b = l.bytes();
      if (SegmentFiles.hasNul(b)) {
        continue;
      }
      if (l.terminated()) {
        return "a newline-terminated line that is not valid JSON";
      }
      String text = new String(b, StandardCharsets.UTF_8);
      if (!(expected.startsWith(text) || text.startsWith(expected))) {
        return "an incomplete last line that does not begin like the next line the writer would"
            + " have written";
      }
      Map<String, Object> m = SegmentFiles.tryParse(b);
      if (m != null && !SegmentFiles.isHeader(m) && !follows(m, headSeq, headHash)) {
        return "a complete event without its newline that does not follow the chain";
      }
    }
    return null;
  }

  private static boolean follows(Map<String, Object> m, long headSeq, String headHash) {
    if (!(m.get("seq") instanceof Number n)
        || n.longValue() != headSeq + 1
        || !(m.get("prev_hash") instanceof String prev)
        || !HashChain.same(prev, headHash)) {
      return false;
    }
    try {
      return HashChain.same(HashChain.hash(prev, m), String.valueOf(m.get("hash")));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Copies bytes {@code from..to} of {@code segment} to a new side file and forces it and the
   * directory, before the segment is cut. Returns the side file.
   */
  private static Path saveCut(Path segment, long from, long to, boolean suspect)
      throws IOException {
    Path side = SegmentFiles.nextCut(segment, suspect);
    try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(side, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long pos = from;
      while (pos < to) {
        long n = in.transferTo(pos, to - pos, out);
        if (n <= 0) {
          throw new IOException("could not copy the tail of " + segment + " to " + side);
        }
        pos += n;
      }
      out.force(true);
    } catch (IOException e) {
      throw new IOException(
          "could not keep the tail cut from "
              + segment.getFileName()
              + " in "
              + side.getFileName()
              + " (nothing was cut): "
              + e.getMessage(),
          e);
    }
    forceDirectory(segment.toAbsolutePath().getParent());
    return side;
  }

  /**
   * Makes a new name in {@code dir} durable (on Linux; where a directory cannot be opened, no-op).
   */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (UnsupportedOperationException e) {
      // not supported on this platform: the file itself is forced
    }
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
