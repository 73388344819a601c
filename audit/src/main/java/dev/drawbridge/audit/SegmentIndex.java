package dev.drawbridge.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query index of one segment: per access event (and per identity signal or SCIM event, which
 * name a principal too: SPEC §10) its byte offset, length, time and the ids of its principal, app
 * and decision, with posting lists by principal and by app. Kept in memory for the open segment;
 * written as a sidecar ({@code segment-NNNNNN.idx}) when a segment is closed. Thread-safe (the
 * writer adds, queries read).
 */
final class SegmentIndex {
  /** The event types queries return: access, and what identity signals and SCIM did. */
  static final java.util.Set<Object> INDEXED =
      java.util.Set.of("access", "identity_signal", "scim");

  /** The summary of a segment: the sidecar's first line, enough to skip it by time. */
  record Summary(
      int segment, long firstSeq, long lastSeq, String lastHash, long minTime, long maxTime) {}

  private final int segment;
  private long firstSeq = -1;
  private long lastSeq = -1;
  private String lastHash;
  private long minTime = Long.MAX_VALUE;
  private long maxTime = Long.MIN_VALUE;
  private int n;
  private long[] offsets = new long[64];
  private int[] lengths = new int[64];
  private long[] times = new long[64];
  private int[] principals = new int[64];
  private int[] apps = new int[64];
  private byte[] decisions = new byte[64];
  private final List<String> dict = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final Map<Integer, IntList> byPrincipal = new HashMap<>();
  private final Map<Integer, IntList> byApp = new HashMap<>();

  SegmentIndex(int segment) {
    this.segment = segment;
  }

  int segment() {
    return segment;
  }

  /** Records an event line written at {@code offset} with {@code length} bytes (incl. newline). */
  synchronized void add(long seq, String hash, Map<String, Object> fields, long offset, int len) {
    if (firstSeq < 0) {
      firstSeq = seq;
    }
    lastSeq = seq;
    lastHash = hash;
    long t = AuditJson.parseTimeMillis(fields.get("time"));
    if (t >= 0) {
      minTime = Math.min(minTime, t);
      maxTime = Math.max(maxTime, t);
    }
    if (!INDEXED.contains(fields.get("event"))) {
      return;
    }
    grow();
    offsets[n] = offset;
    lengths[n] = len;
    times[n] = t;
    principals[n] = id(fields.get("principal"));
    apps[n] = id(fields.get("app"));
    decisions[n] = decisionCode(fields.get("decision"));
    byPrincipal.computeIfAbsent(principals[n], k -> new IntList()).add(n);
    byApp.computeIfAbsent(apps[n], k -> new IntList()).add(n);
    n++;
  }

  synchronized Summary summary() {
    return new Summary(segment, firstSeq, lastSeq, lastHash, minTime, maxTime);
  }

  /** Offsets and lengths ({@code long[]{offset, length}}) of the matching events, in file order. */
  synchronized List<long[]> find(AuditQuery q, int max) {
    long since = q.since() == null ? Long.MIN_VALUE : q.since().toEpochMilli();
    long until = q.until() == null ? Long.MAX_VALUE : q.until().toEpochMilli();
    if (q.since() != null || q.until() != null) {
      if (maxTime < since || minTime >= until) {
        return List.of();
      }
    }
    IntList candidates = null;
    if (q.principal() != null) {
      Integer id = ids.get(q.principal());
      candidates = id == null ? new IntList() : byPrincipal.getOrDefault(id, new IntList());
    }
    if (q.app() != null) {
      Integer id = ids.get(q.app());
      IntList a = id == null ? new IntList() : byApp.getOrDefault(id, new IntList());
      if (candidates == null || a.size < candidates.size) {
        candidates = a;
      }
    }
    int pid = q.principal() == null ? -2 : ids.getOrDefault(q.principal(), -3);
    int aid = q.app() == null ? -2 : ids.getOrDefault(q.app(), -3);
    byte dec = q.decision() == null ? -1 : decisionCode(q.decision());
    boolean timed = q.since() != null || q.until() != null;
    List<long[]> out = new ArrayList<>();
    int count = candidates == null ? n : candidates.size;
    for (int k = 0; k < count && (max <= 0 || out.size() < max); k++) {
      int i = candidates == null ? k : candidates.values[k];
      if ((pid != -2 && principals[i] != pid)
          || (aid != -2 && apps[i] != aid)
          || (dec != -1 && decisions[i] != dec)
          || (timed && (times[i] < 0 || times[i] < since || times[i] >= until))) {
        continue;
      }
      out.add(new long[] {offsets[i], lengths[i]});
    }
    return out;
  }

  private int id(Object v) {
    if (!(v instanceof String s)) {
      return -1;
    }
    return ids.computeIfAbsent(
        s,
        k -> {
          dict.add(k);
          return dict.size() - 1;
        });
  }

  private static byte decisionCode(Object v) {
    if ("allow".equals(v)) {
      return 1;
    }
    if ("deny".equals(v)) {
      return 2;
    }
    return 0;
  }

  private void grow() {
    if (n < offsets.length) {
      return;
    }
    int cap = offsets.length * 2;
    offsets = Arrays.copyOf(offsets, cap);
    lengths = Arrays.copyOf(lengths, cap);
    times = Arrays.copyOf(times, cap);
    principals = Arrays.copyOf(principals, cap);
    apps = Arrays.copyOf(apps, cap);
    decisions = Arrays.copyOf(decisions, cap);
  }

  // --- sidecar -------------------------------------------------------------------------------

  /** Writes the sidecar atomically: line 1 the summary, line 2 the columns. */
  synchronized void write(Path sidecar) throws IOException {
    Summary s = summary();
    Map<String, Object> cols = new LinkedHashMap<>();
    cols.put("dict", dict);
    cols.put("offsets", Arrays.copyOf(offsets, n));
    cols.put("lengths", Arrays.copyOf(lengths, n));
    cols.put("times", Arrays.copyOf(times, n));
    cols.put("principals", Arrays.copyOf(principals, n));
    cols.put("apps", Arrays.copyOf(apps, n));
    cols.put("decisions", Arrays.copyOf(decisions, n));
    String text =
        AuditJson.LINE.writeValueAsString(s) + "\n" + AuditJson.LINE.writeValueAsString(cols);
    Path tmp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads only the summary line of a sidecar, or null when missing or unreadable. */
  static Summary readSummary(Path sidecar) {
    try (BufferedReader r = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
      return AuditJson.LINE.readValue(r.readLine(), Summary.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Loads a whole sidecar, or null when missing or unreadable. */
  static SegmentIndex read(Path sidecar) {
    try (BufferedReader r = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
      Summary s = AuditJson.LINE.readValue(r.readLine(), Summary.class);
      JsonNode c = AuditJson.LINE.readTree(r.readLine());
      SegmentIndex idx = new SegmentIndex(s.segment());
      idx.firstSeq = s.firstSeq();
      idx.lastSeq = s.lastSeq();
      idx.lastHash = s.lastHash();
      idx.minTime = s.minTime();
      idx.maxTime = s.maxTime();
      for (JsonNode d : c.get("dict")) {
        idx.id(d.asText());
      }
      int count = c.get("offsets").size();
      for (int i = 0; i < count; i++) {
        idx.grow();
        idx.offsets[i] = c.get("offsets").get(i).asLong();
        idx.lengths[i] = c.get("lengths").get(i).asInt();
        idx.times[i] = c.get("times").get(i).asLong();
        idx.principals[i] = c.get("principals").get(i).asInt();
        idx.apps[i] = c.get("apps").get(i).asInt();
        idx.decisions[i] = (byte) c.get("decisions").get(i).asInt();
        idx.byPrincipal.computeIfAbsent(idx.principals[i], k -> new IntList()).add(i);
        idx.byApp.computeIfAbsent(idx.apps[i], k -> new IntList()).add(i);
        idx.n = i + 1;
      }
      return idx;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Rebuilds the index of a closed segment by reading it. */
  static SegmentIndex scan(Path segment) throws IOException {
    SegmentIndex idx = new SegmentIndex(SegmentFiles.number(segment));
    SegmentFiles.readLines(
        segment,
        line -> {
          Map<String, Object> m = line.terminated() ? SegmentFiles.tryParse(line.bytes()) : null;
          if (m != null && !SegmentFiles.isHeader(m) && m.get("seq") instanceof Number seq) {
            idx.add(seq.longValue(), (String) m.get("hash"), m, line.offset(), line.length());
          }
          return true;
        });
    return idx;
  }

  private static final class IntList {
    int[] values = new int[4];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}
