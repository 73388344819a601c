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
  void checksTheSignaturesWithAPinnedPublicKeyInsteadOfTheOneBesideTheLog() throws Exception {
    writeEvents(3);
    Path pinned = dir.resolve("pinned.pub");
    Files.copy(dir.resolve("audit/checkpoint.pub"), pinned);
    // someone who can write the data directory signs with a key of their own
    Path other = dir.resolve("other");
    try (AuditLog log = AuditLog.open(other, AuditConfig.defaults(), Clock.systemUTC())) {
      log.append(Map.of("event", "access", "principal", "eve")).join();
    }
    Files.copy(
        other.resolve("audit/checkpoint.pub"),
        dir.resolve("audit/checkpoint.pub"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Result mismatched = Cli.run("audit", "verify", "--data-dir", dir.toString());
    Result checked =
        Cli.run("audit", "verify", "--data-dir", dir.toString(), "--public-key", pinned.toString());
    Result wrong =
        Cli.run(
            "audit", "verify", "--data-dir", other.toString(), "--public-key", pinned.toString());

    assertThat(mismatched.code()).as("the replaced key does not match the log's").isEqualTo(1);
    assertThat(checked.code()).as(checked.out() + checked.err()).isZero();
    assertThat(checked.out()).contains("OK: 3 events verified");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.out()).contains("invalid signature");
  }

  @Test
  void saysWhatIsWrongWithAnUnreadablePublicKey() throws Exception {
    writeEvents(1);
    Path bad = dir.resolve("bad.pub");
    Files.writeString(bad, "not a key");

    Result r =
        Cli.run("audit", "verify", "--data-dir", dir.toString(), "--public-key", bad.toString());

    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("--public-key").contains("bad.pub");
  }

  @Test
  void saysWhereItLookedWhenThereIsNoLog() {
    Result r = Cli.run("audit", "verify", "--data-dir", dir.resolve("empty").toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no audit log in").contains("--data-dir");
  }
}
