package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.cli.Cli.Result;
import dev.drawbridge.config.AuditConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  void failsOnALineCutAtRestartThatWasNotATornWriteAndNamesItsSideFile() throws Exception {
    writeEvents(3);
    Path segment = dir.resolve("audit/segment-000001.jsonl");
    Files.delete(dir.resolve("audit/checkpoints.jsonl")); // as after a crash
    Files.writeString(segment, "not an event\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    writeEvents(1); // the restart cuts the line, keeps it aside, and the chain goes on

    Result r = Cli.run("audit", "verify", "--data-dir", dir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("audit log FAILED: segment-000001.jsonl.cut-1.suspect (13 bytes)")
        .doesNotContain("seq null");
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

  /** 3 events signed by one key, then checkpoint.key is lost and 2 more are signed by a new one. */
  private void writeAcrossAKeyChange() throws Exception {
    writeEvents(3);
    Files.delete(dir.resolve("audit/checkpoint.key"));
    writeEvents(2);
  }

  @Test
  void acceptsTheCheckpointsOfAKeptOldKeyAndSaysWhichSeqsItSigned() throws Exception {
    writeAcrossAKeyChange();

    Result r = Cli.run("audit", "verify", "--data-dir", dir.toString());
    Result json = Cli.run("audit", "verify", "--data-dir", dir.toString(), "--json");

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("OK: 5 events verified")
        .contains("seq 3 by checkpoint.pub.old-1, seq 5 by checkpoint.pub")
        .contains("compare checkpoint.pub.old-1 with your own copy");
    assertThat(json.code()).isZero();
    assertThat(json.out()).contains("\"ok\" : true").contains("seq 3 by checkpoint.pub.old-1");
  }

  @Test
  void refusesAnOldKeysCheckpointAfterTheNewKeys() throws Exception {
    writeAcrossAKeyChange();
    Path cps = dir.resolve("audit/checkpoints.jsonl");
    List<String> lines = Files.readAllLines(cps, StandardCharsets.UTF_8);
    // the old key's checkpoint of seq 3 again, after the new key's of seq 5
    Files.writeString(
        cps, lines.get(0) + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

    Result r = Cli.run("audit", "verify", "--data-dir", dir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAILED at seq 3")
        .contains("signed by the older key checkpoint.pub.old-1");
  }

  @Test
  void checksWithThePinnedKeyAloneWhenOldKeysAreKept() throws Exception {
    writeAcrossAKeyChange();
    Path pinned = dir.resolve("pinned.pub");
    Files.copy(dir.resolve("audit/checkpoint.pub"), pinned);

    Result r =
        Cli.run("audit", "verify", "--data-dir", dir.toString(), "--public-key", pinned.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "FAILED at seq 3: checkpoint 1 in checkpoints.jsonl (seq 3) has an invalid"
                + " signature: it was forged or altered");
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
