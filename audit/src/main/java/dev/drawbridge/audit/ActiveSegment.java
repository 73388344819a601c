package dev.drawbridge.audit;

import java.nio.file.Path;

/** The segment being appended to, as the writer thread sees it. */
final class ActiveSegment {
  final int number;
  final Path path;
  LogFile file;

  /** Bytes known good: written (and in strict mode forced) and acknowledged. */
  long committed;

  /** The previous segment's final seq and hash, as written in this segment's header. */
  final long prevSeq;

  final String prevHash;
  final SegmentIndex index;
  long events;
  private final String name;

  ActiveSegment(
      int number,
      Path path,
      LogFile file,
      long committed,
      long prevSeq,
      String prevHash,
      SegmentIndex index) {
    this.number = number;
    this.path = path;
    this.file = file;
    this.committed = committed;
    this.prevSeq = prevSeq;
    this.prevHash = prevHash;
    this.index = index;
    this.name = path.getFileName().toString();
  }

  String name() {
    return name;
  }
}
