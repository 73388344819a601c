package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The newest signed checkpoint of a data directory's audit log, as the one JSON line it was written
 * as (SPEC §2 {@code audit checkpoint}): kept elsewhere, it lets {@link AuditVerifier} catch a cut
 * of the log's tail together with {@code checkpoints.jsonl}.
 */
public final class LatestCheckpoint {
  private LatestCheckpoint() {}

  /** The last complete checkpoint line of {@code <dataDir>/audit/checkpoints.jsonl}, if any. */
  public static Optional<String> read(Path dataDir) throws IOException {
    Path file = file(dataDir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    List<SegmentFiles.Line> lines = SegmentFiles.readAll(file);
    for (int i = lines.size() - 1; i >= 0; i--) {
      SegmentFiles.Line l = lines.get(i);
      if (l.terminated() && SegmentFiles.tryParse(l.bytes()) != null) {
        return Optional.of(new String(l.bytes(), StandardCharsets.UTF_8).strip());
      }
    }
    return Optional.empty();
  }

  /** Where the log keeps its checkpoints. */
  public static Path file(Path dataDir) {
    return dataDir.resolve("audit").resolve(Checkpoints.FILE);
  }
}
