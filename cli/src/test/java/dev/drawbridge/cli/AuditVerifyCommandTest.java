package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.cli.Cli.Result;
import dev.drawbridge.config.AuditConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {
  @TempDir Path dir;

  private void writeEvents(int n) throws Exception {
    try (AuditLog log = AuditLog.open(dir, AuditConfig.defaults(), Clock.systemUTC())) {
      for (int i = 0; i < n; i++) {
        log.append(Map.of("event", "access", "principal", "eve", "path", "/p" + i)).join();
      }
    }
  }

  @Test
  void printsTheCountOfAnIntactLog() throws Exception {
    writeEvents(3);

    Result r = Cli.run("audit", "verify", "--data-dir", dir.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK: 3 events verified");
  }

  @Test
  void namesTheFirstBadSequenceOfATamperedLog() throws Exception {
    writeEvents(3);
    Path segment;
    try (var files = Files.list(dir.resolve("audit"))) {
      segment =
          files
              .filter(
                  p ->
                      p.getFileName().toString().endsWith(".jsonl")
                          && p.getFileName().toString().startsWith("segment"))
              .findFirst()
              .orElseThrow();
    }
    List<String> lines = Files.readAllLines(segment, StandardCharsets.UTF_8);
    int i = lines.size() - 2;
    lines.set(i, lines.get(i).replace("/p1", "/pX"));
    Files.write(segment, lines, StandardCharsets.UTF_8);

    Result r = Cli.run("audit", "verify", "--data-dir", dir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED at seq 2");
  }

  @Test
  void saysWhereItLookedWhenThereIsNoLog() {
    Result r = Cli.run("audit", "verify", "--data-dir", dir.resolve("empty").toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no audit log in").contains("--data-dir");
  }
}
