package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.cli.Cli.Result;
import dev.drawbridge.config.AuditConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditExportCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  void writeEvents() throws Exception {
    try (AuditLog log = AuditLog.open(dir, AuditConfig.defaults(), Clock.systemUTC())) {
      log.append(
              Map.of(
                  "event",
                  "access",
                  "principal",
                  "ci-bot",
                  "principal_type",
                  "service",
                  "app",
                  "git",
                  "method",
                  "GET",
                  "path",
                  "/scm/a/b.git/info/refs",
                  "decision",
                  "allow",
                  "status",
                  200,
                  "src_ip",
                  "10.1.2.3"))
          .join();
      log.append(Map.of("event", "token_revoked", "principal", "ci-bot", "actor", "admin")).join();
    }
  }

  @Test
  void exportsEveryEventMappedToOcsfClasses() throws Exception {
    writeEvents();
    Result r = Cli.run("audit", "export", "--data-dir", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode access = JSON.readTree(lines.get(0));
    assertThat(access.get("class_uid").asInt()).isEqualTo(6004);
    assertThat(JSON.readTree(lines.get(1)).get("class_uid").asInt()).isEqualTo(3001);
  }

  @Test
  void nativeFormatWritesTheLogLinesToAFile() throws Exception {
    writeEvents();
    Path out = dir.resolve("export.jsonl");
    Result r =
        Cli.run(
            "audit",
            "export",
            "--data-dir",
            dir.toString(),
            "--format",
            "native",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Exported 2 events");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.get(0)).startsWith("{\"seq\":1,").contains("\"hash\":");
  }

  @Test
  void unknownFormatIsAUsageErrorThatSaysWhatIsExpected() throws Exception {
    writeEvents();
    Result r = Cli.run("audit", "export", "--data-dir", dir.toString(), "--format", "csv");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("expected: native or ocsf");
  }
}
