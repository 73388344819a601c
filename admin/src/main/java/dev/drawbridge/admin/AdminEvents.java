package dev.drawbridge.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The audit log's events other than access (token, lock, breach, alert, login, config events), for
 * the console's audit view, which the access index does not cover. Read once from this log's
 * segments on first use, then kept up to date by a listener on the writer; bounded to the newest
 * {@value #MAX} events. Those are few next to access events (administrative acts, alerts).
 */
final class AdminEvents {
  static final int MAX = 100_000;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private final AuditLog log;
  private final int max;
  private final ConcurrentSkipListMap<Long, Map<String, Object>> events =
      new ConcurrentSkipListMap<>();
  private final java.util.concurrent.atomic.AtomicInteger size =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean loaded;

  AdminEvents(AuditLog log) {
    this(log, MAX);
  }

  /** Keeps at most {@code max} events (the newest). */
  AdminEvents(AuditLog log, int max) {
    this.log = log;
    this.max = max;
  }

  /** Every kept non-access event, oldest first. */
  List<Map<String, Object>> all() {
    load();
    return new ArrayList<>(events.values());
  }

  private void load() {
    if (loaded) {
      return;
    }
    synchronized (this) {
      if (loaded) {
        return;
      }
      // listen first, then read the files: an event written in between is in one or both
      log.addListener(this::onRecord);
      Path dir = log.directory();
      if (dir != null && Files.isDirectory(dir)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "segment-*.jsonl")) {
          List<Path> files = new ArrayList<>();
          ds.forEach(files::add);
          files.sort(null);
          for (Path f : files) {
            read(f);
          }
        } catch (IOException e) {
          // an unreadable segment leaves older events out of the console; the API still works
        }
      }
      loaded = true;
    }
  }

  private void read(Path f) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.contains("\"event\":\"access\"")) {
          continue;
        }
        try {
          add(Json.MAPPER.readValue(line, MAP));
        } catch (IOException e) {
          // a torn last line (crash) is not an event
        }
      }
    }
  }

  private void onRecord(AuditRecord r) {
    if (!"access".equals(r.event())) {
      add(r.fields());
    }
  }

  private void add(Map<String, Object> e) {
    if ("access".equals(e.get("event")) || !(e.get("seq") instanceof Number seq)) {
      return;
    }
    // runs on the audit writer thread too: constant work per event (the map's size() is not)
    if (events.put(seq.longValue(), e) == null && size.incrementAndGet() > max) {
      if (events.pollFirstEntry() != null) {
        size.decrementAndGet();
      }
    }
  }
}
