package dev.drawbridge.cli;

import dev.drawbridge.audit.LatestCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drawbridge audit checkpoint}: prints the newest signed checkpoint as one JSON line, to
 * keep outside the data directory and hand back to {@code audit verify --checkpoint FILE}.
 */
@Command(
    name = "checkpoint",
    description =
        "Print the latest signed audit checkpoint as one JSON object, to keep elsewhere (e.g."
            + " `>> /backup/drawbridge-checkpoints.jsonl`) and pass to `audit verify --checkpoint`.")
final class AuditCheckpointCommand extends CliCommand {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "the data directory (default: ./data)")
  Path dataDir;

  @Option(names = "--config", paramLabel = "FILE", description = "take data_dir from this config")
  Path config;

  @Override
  int run() {
    Path dir = dataDir();
    if (!Files.isDirectory(dir.resolve("audit"))) {
      throw new CliException(
          "no audit log in "
              + dir
              + " (expected "
              + dir.resolve("audit")
              + "; pass --data-dir with the server's data directory)");
    }
    Optional<String> latest;
    try {
      latest = LatestCheckpoint.read(dir);
    } catch (IOException e) {
      throw new CliException("cannot read " + LatestCheckpoint.file(dir) + ": " + e.getMessage());
    }
    if (latest.isEmpty()) {
      throw new CliException(
          "no signed checkpoint yet in "
              + LatestCheckpoint.file(dir)
              + " (the server writes one every audit.checkpoint_every events or"
              + " audit.checkpoint_interval, and when it stops)");
    }
    out().println(latest.get());
    return 0;
  }

  private Path dataDir() {
    return Configs.dataDir(dataDir, config);
  }
}
