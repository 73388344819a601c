package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@link AuditQuery}s from per-segment indexes: the open segment's index in memory, closed
 * segments' sidecars loaded on demand (a few kept in an LRU cache) and skipped by their time range
 * without being read. A closed segment without a sidecar (crash at rotation) is scanned once and
 * its sidecar written. Only the matching lines are read from the log, by offset.
 */
final class AuditIndex {
  private static final Logger log = LoggerFactory.getLogger(AuditIndex.class);
  private static final int CACHE = 8;

  private final TreeMap<Integer, Path> closed = new TreeMap<>();
  private final Map<Integer, SegmentIndex.Summary> summaries = new LinkedHashMap<>();

  /** Loaded and just-closed segment indexes, least recently used first, at most {@link #CACHE}. */
  private final LinkedHashMap<Integer, SegmentIndex> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, SegmentIndex> eldest) {
          return size() > CACHE;
        }
      };

  private Path activePath;
  private SegmentIndex active;

  synchronized void addClosed(Path segment, SegmentIndex idx) {
    int num = SegmentFiles.number(segment);
    closed.put(num, segment);
    SegmentIndex.Summary s =
        idx != null ? idx.summary() : SegmentIndex.readSummary(SegmentFiles.sidecar(segment));
    if (s != null) {
      summaries.put(num, s);
    }
    if (idx != null) {
      cache.put(num, idx);
    }
  }

  /** How many segment indexes are held in memory besides the open segment's. */
  synchronized int cached() {
    return cache.size();
  }

  /**
   * A rotation, in one step: {@code old} is closed and {@code next} open. A query sees the segments
   * either before or after it, never the closed one missing or counted twice.
   */
  synchronized void rotated(Path old, SegmentIndex oldIdx, Path next, SegmentIndex nextIdx) {
    addClosed(old, oldIdx);
    setActive(next, nextIdx);
  }

  synchronized void setActive(Path segment, SegmentIndex idx) {
    activePath = segment;
    active = idx;
  }

  synchronized void removeClosed(int number) {
    closed.remove(number);
    summaries.remove(number);
    cache.remove(number);
  }

  /** Closed segments in order (number → path). */
  synchronized TreeMap<Integer, Path> closedSegments() {
    return new TreeMap<>(closed);
  }

  /** The summary of a closed segment, loading or rebuilding its index if needed. */
  SegmentIndex.Summary summary(int number) throws IOException {
    synchronized (this) {
      SegmentIndex.Summary s = summaries.get(number);
      if (s != null) {
        return s;
      }
    }
    return load(number).summary();
  }

  List<Map<String, Object>> query(AuditQuery q) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<Integer, Path> segs;
    Path p;
    SegmentIndex idx;
    synchronized (this) { // the segments of one moment: a rotation meanwhile must not hide one
      segs = new TreeMap<>(closed);
      p = activePath;
      idx = active;
    }
    for (Map.Entry<Integer, Path> e : segs.entrySet()) {
      SegmentIndex.Summary s;
      synchronized (this) {
        s = summaries.get(e.getKey());
      }
      if (s != null && !overlaps(s, q)) {
        continue;
      }
      SegmentIndex closedIdx = load(e.getKey());
      if (closedIdx != null && !readInto(e.getValue(), closedIdx, q, out)) {
        return out;
      }
    }
    if (idx != null) {
      readInto(p, idx, q, out);
    }
    return out;
  }

  private static boolean overlaps(SegmentIndex.Summary s, AuditQuery q) {
    if (q.since() == null && q.until() == null) {
      return true;
    }
    if (s.maxTime() == Long.MIN_VALUE) {
      return false;
    }
    long since = q.since() == null ? Long.MIN_VALUE : q.since().toEpochMilli();
    long until = q.until() == null ? Long.MAX_VALUE : q.until().toEpochMilli();
    return s.maxTime() >= since && s.minTime() < until;
  }

  /** Adds matches to {@code out}; returns false when the limit is reached. */
  private static boolean readInto(
      Path segment, SegmentIndex idx, AuditQuery q, List<Map<String, Object>> out)
      throws IOException {
    int remaining = q.limit() <= 0 ? 0 : q.limit() - out.size();
    List<long[]> hits = idx.find(q, remaining);
    if (hits.isEmpty()) {
      return q.limit() <= 0 || out.size() < q.limit();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      for (long[] h : hits) {
        ByteBuffer buf = ByteBuffer.allocate((int) h[1]);
        while (buf.hasRemaining() && ch.read(buf, h[0] + buf.position()) > 0) {
          // keep reading
        }
        out.add(AuditJson.freezeMap(AuditJson.parse(buf.array())));
      }
    } catch (NoSuchFileException e) {
      log.debug("segment {} vanished during a query (pruned)", segment);
    }
    return q.limit() <= 0 || out.size() < q.limit();
  }

  private SegmentIndex load(int number) throws IOException {
    Path segment;
    synchronized (this) {
      SegmentIndex hit = cache.get(number);
      if (hit != null) {
        return hit;
      }
      segment = closed.get(number);
    }
    if (segment == null) {
      return null;
    }
    Path sidecar = SegmentFiles.sidecar(segment);
    SegmentIndex idx = SegmentIndex.read(sidecar);
    if (idx == null) {
      idx = SegmentIndex.scan(segment);
      try {
        idx.write(sidecar);
      } catch (IOException e) {
        log.warn("could not write index {}: {}", sidecar, e.toString());
      }
    }
    synchronized (this) {
      cache.put(number, idx);
      summaries.put(number, idx.summary());
    }
    return idx;
  }
}
