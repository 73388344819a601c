package dev.drawbridge.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names, headers and line-by-line reading of segment files. */
final class SegmentFiles {
  static final String HEADER_MARK = "drawbridge-audit-segment";
  private static final Pattern NAME = Pattern.compile("segment-(\\d{6,})\\.jsonl");

  /**
   * A side file of bytes cut from the end of a segment at recovery: {@code <segment>.cut-N}, or
   * {@code <segment>.cut-N.suspect} when the cut bytes did not look like a torn write.
   */
  private static final Pattern CUT =
      Pattern.compile("(segment-\\d{6,}\\.jsonl)\\.cut-(\\d+)(\\.suspect)?");

  static final String SUSPECT = ".suspect";

  private SegmentFiles() {}

  static String name(int number) {
    return String.format("segment-%06d.jsonl", number);
  }

  static Path sidecar(Path segment) {
    String n = segment.getFileName().toString();
    return segment.resolveSibling(n.substring(0, n.length() - ".jsonl".length()) + ".idx");
  }

  /** Segment files in {@code dir}, ordered by number. */
  static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
    }
    out.sort((a, b) -> Integer.compare(number(a), number(b)));
    return out;
  }

  /** A side file of {@link #cuts}: its path, the segment it was cut from, N, and the kind. */
  record Cut(Path path, String segment, int n, boolean suspect) {}

  /** Side files of bytes cut from segments at recovery, ordered by segment and N. */
  static List<Cut> cuts(Path dir) throws IOException {
    List<Cut> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(
          p -> {
            Matcher m = CUT.matcher(p.getFileName().toString());
            if (m.matches()) {
              out.add(new Cut(p, m.group(1), Integer.parseInt(m.group(2)), m.group(3) != null));
            }
          });
    }
    out.sort(Comparator.comparing(Cut::segment).thenComparingInt(Cut::n));
    return out;
  }

  /** Side files of bytes cut from {@code segment} at recovery. */
  static List<Cut> cutsOf(Path segment) throws IOException {
    String name = segment.getFileName().toString();
    List<Cut> out = new ArrayList<>();
    for (Cut c : cuts(segment.toAbsolutePath().getParent())) {
      if (c.segment().equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The next side file for bytes cut from {@code segment}: N above every existing one. */
  static Path nextCut(Path segment, boolean suspect) throws IOException {
    int n = 0;
    for (Cut c : cutsOf(segment)) {
      n = Math.max(n, c.n());
    }
    return segment.resolveSibling(
        segment.getFileName() + ".cut-" + (n + 1) + (suspect ? SUSPECT : ""));
  }

  static int number(Path segment) {
    Matcher m = NAME.matcher(segment.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a segment file: " + segment);
    }
    return Integer.parseInt(m.group(1));
  }

  /** The header (first) line of a segment: the previous segment's final seq and hash. */
  static Map<String, Object> header(int number, long prevSeq, String prevHash) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("header", HEADER_MARK);
    h.put("version", 1);
    h.put("segment", number);
    h.put("prev_seq", prevSeq);
    h.put("prev_hash", prevHash);
    return h;
  }

  static boolean isHeader(Map<String, Object> line) {
    return HEADER_MARK.equals(line.get("header"));
  }

  /** One line of a file: its byte offset, bytes (without newline), and whether it ended in \n. */
  record Line(long offset, byte[] bytes, boolean terminated) {
    int length() {
      return bytes.length + (terminated ? 1 : 0);
    }
  }

  /** Streams the lines of a file. */
  interface LineVisitor {
    /** Returns false to stop. */
    boolean visit(Line line) throws IOException;
  }

  static void readLines(Path file, LineVisitor visitor) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[1 << 16];
      ByteArrayOutputStream cur = new ByteArrayOutputStream(512);
      long lineStart = 0;
      long pos = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        int from = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            cur.write(chunk, from, i - from);
            pos += i - from + 1;
            if (!visitor.visit(new Line(lineStart, cur.toByteArray(), true))) {
              return;
            }
            cur.reset();
            lineStart = pos;
            from = i + 1;
          }
        }
        cur.write(chunk, from, n - from);
        pos += n - from;
      }
      if (cur.size() > 0) {
        visitor.visit(new Line(lineStart, cur.toByteArray(), false));
      }
    }
  }

  static List<Line> readAll(Path file) throws IOException {
    List<Line> out = new ArrayList<>();
    readLines(
        file,
        l -> {
          out.add(l);
          return true;
        });
    return out;
  }

  /** Whether {@code b} holds a NUL byte: never in a line the writer wrote (JSON escapes it). */
  static boolean hasNul(byte[] b) {
    for (byte x : b) {
      if (x == 0) {
        return true;
      }
    }
    return false;
  }

  /** Parses a line as a JSON object, or null when it is not one. */
  static LinkedHashMap<String, Object> tryParse(byte[] line) {
    try {
      return AuditJson.parse(line);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
