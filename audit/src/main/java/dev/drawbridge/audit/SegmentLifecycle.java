package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments after the writer is done with them, on the writer thread: rotation (close the active
 * segment, open the next, hand both to the {@link AuditIndex}, write the closed one's sidecar
 * index) and retention (a signed prune record, then whole closed segments deleted). Runs once per
 * segment or per prune, never per event.
 */
final class SegmentLifecycle {
  /** The writer's logger: these messages are the writer thread's, as before they moved here. */
  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

  private final Path dir;
  private final Clock clock;
  private final LogFiles files;
  private final Checkpoints checkpoints;
  private final AuditIndex index;

  SegmentLifecycle(
      Path dir, Clock clock, LogFiles files, Checkpoints checkpoints, AuditIndex index) {
    this.dir = dir;
    this.clock = clock;
    this.files = files;
    this.checkpoints = checkpoints;
    this.index = index;
  }

  /**
   * Opens the segment after {@code old}, its header to carry {@code headSeq} and {@code headHash}
   * (written with its first event), then closes {@code old}, registers both with the index and
   * writes the sidecar of {@code old} (a failure to close or to write the sidecar is only logged:
   * the sidecar is rebuilt on demand). The caller forces {@code old} first. Returns the new active
   * segment; if opening it fails, {@code old} is untouched and stays active.
   */
  ActiveSegment rotate(ActiveSegment old, long headSeq, String headHash) throws IOException {
    int next = old.number + 1;
    Path p = dir.resolve(SegmentFiles.name(next));
    LogFile f = files.open(p);
    ActiveSegment seg = new ActiveSegment(next, p, f, 0, headSeq, headHash, new SegmentIndex(next));
    try {
      old.file.close();
    } catch (IOException e) {
      log.warn("audit: closing {} failed: {}", old.name(), e.toString());
    }
    index.rotated(old.path, old.index, seg.path, seg.index);
    try {
      old.index.write(SegmentFiles.sidecar(old.path));
    } catch (IOException e) {
      log.warn("audit: could not write the index of {} (rebuilt on demand): {}", old.name(), e);
    }
    return seg;
  }

  /**
   * Writes a signed prune record, then deletes whole segments that end before {@code beforeSeq},
   * each with its sidecar index and then the side files of bytes cut from its end at recovery
   * ({@link Recovery}), which are part of its history and go with it, never before it.
   */
  void prune(long beforeSeq) throws IOException {
    List<Integer> doomed = new ArrayList<>();
    SegmentIndex.Summary last = null;
    Path lastPath = null;
    for (Map.Entry<Integer, Path> e : index.closedSegments().entrySet()) {
      SegmentIndex.Summary s = index.summary(e.getKey());
      if (s.lastSeq() < 0 || s.lastSeq() >= beforeSeq) {
        break;
      }
      doomed.add(e.getKey());
      last = s;
      lastPath = e.getValue();
    }
    if (last == null) {
      return;
    }
    checkpoints.append(
        last.lastSeq(), last.lastHash(), clock.instant(), lastPath.getFileName().toString(), true);
    List<SegmentFiles.Cut> cuts = SegmentFiles.cuts(dir);
    for (int n : doomed) {
      Path p = dir.resolve(SegmentFiles.name(n));
      index.removeClosed(n);
      Files.deleteIfExists(SegmentFiles.sidecar(p));
      Files.deleteIfExists(p);
      for (SegmentFiles.Cut c : cuts) { // bytes cut from its end at recovery: after it
        if (c.segment().equals(p.getFileName().toString())) {
          Files.deleteIfExists(c.path());
          log.info("audit: pruned {} with its segment", c.path().getFileName());
        }
      }
    }
    log.info("audit: pruned {} segment(s) up to seq {}", doomed.size(), last.lastSeq());
  }
}
