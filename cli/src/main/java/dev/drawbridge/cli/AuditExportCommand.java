package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.audit.AuditTail;
import dev.drawbridge.audit.sink.Ocsf;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drawbridge audit export}: the local audit log as JSON lines for a SIEM, as written ({@code
 * native}) or mapped to OCSF ({@code ocsf}: 6004 Web Resource Access Activity for access, 3002
 * Authentication for logins and token authentication, 3001 Account Change for credential changes).
 * Offline: reads {@code <data_dir>/audit}.
 */
@Command(
    name = "export",
    description = "Export the audit log as JSON lines (native or OCSF) for a SIEM (offline).")
final class AuditExportCommand extends CliCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 10_000;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "the gateway's data directory (default: data_dir of --config, else ./data)")
  Path dataDir;

  @Option(names = "--config", paramLabel = "FILE", description = "take data_dir from this config")
  Path config;

  @Option(
      names = "--format",
      paramLabel = "native|ocsf",
      description = "native (the log's own lines) or ocsf (default: ocsf)")
  String format = "ocsf";

  @Option(names = "--since", paramLabel = "TIME", description = "only events at or after TIME")
  String since;

  @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout")
  Path outFile;

  @Override
  int run() throws IOException {
    boolean ocsf;
    switch (format) {
      case "ocsf" -> ocsf = true;
      case "native" -> ocsf = false;
      default ->
          throw new CliException(
              "--format: \"" + format + "\" is not a format (expected: native or ocsf)");
    }
    if (dataDir == null) {
      dataDir = config != null ? Configs.load(config, err()).dataDir() : Path.of("data");
    }
    if (!Files.isDirectory(dataDir.resolve("audit"))) {
      throw new CliException(
          "no audit log in " + dataDir + " (pass --data-dir with the gateway's data_dir)");
    }
    Instant from =
        since == null ? null : dev.drawbridge.admin.Times.parse(since, java.time.Clock.systemUTC());
    PrintWriter target =
        outFile == null
            ? out()
            : new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8));
    long n = 0;
    try {
      long after = 0;
      while (true) {
        List<AuditRecord> page = AuditTail.read(dataDir, after, Long.MAX_VALUE, PAGE);
        if (page.isEmpty()) {
          break;
        }
        for (AuditRecord r : page) {
          after = r.seq();
          if (from != null && AuditTail.timeMillis(r.fields()) < from.toEpochMilli()) {
            continue;
          }
          target.println(ocsf ? JSON.writeValueAsString(Ocsf.toOcsf(r.fields())) : r.json());
          n++;
        }
      }
    } finally {
      target.flush();
      if (outFile != null) {
        target.close();
      }
    }
    if (outFile != null) {
      out().println("Exported " + n + " events (" + format + ") to " + outFile);
    }
    return 0;
  }
}
