package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.cli.Cli.Result;
import dev.drawbridge.config.AuditConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §2: {@code audit checkpoint} and {@code audit verify --checkpoint} (issue 21). */
class AuditCheckpointCommandTest {
  private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

  @TempDir Path dir;
  @TempDir Path elsewhere;

  private void writeEvents(int n) throws Exception {
    try (AuditLog log = AuditLog.open(dir, AuditConfig.defaults(), Clock.systemUTC())) {
      for (int i = 0; i < n; i++) {
        log.append(Map.of("event", "access", "principal", "eve", "path", "/p" + i)).join();
      }
    }
  }

  private Path keepCheckpoint(String name) throws Exception {
    Result r = Cli.run("audit", "checkpoint", "--data-dir", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path file = elsewhere.resolve(name);
    Files.writeString(file, r.out(), StandardCharsets.UTF_8);
    return file;
  }

  /** Cuts every line with a seq above {@code keep} from the segments and checkpoints.jsonl. */
  private void cutTailAfter(long keep) throws Exception {
    try (var files = Files.list(dir.resolve("audit"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
        List<String> kept =
            Files.readAllLines(p, StandardCharsets.UTF_8).stream()
                .filter(
                    l -> {
                      Matcher m = SEQ.matcher(l);
                      return !m.find()
                          || l.contains("drawbridge-audit-segment")
                          || Long.parseLong(m.group(1)) <= keep;
                    })
                .toList();
        Files.write(p, kept, StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void printsTheLatestSignedCheckpointAsOneJsonObject() throws Exception {
    writeEvents(4);

    Result r = Cli.run("audit", "checkpoint", "--data-dir", dir.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode cp = new ObjectMapper().readTree(r.out());
    assertThat(cp.get("seq").asLong()).isEqualTo(4);
    assertThat(cp.has("hash")).isTrue();
    assertThat(cp.has("signature")).isTrue();
  }

  @Test
  void aTailCutTogetherWithItsCheckpointsFailsAgainstACheckpointKeptElsewhere() throws Exception {
    writeEvents(5);
    keepCheckpoint("first.json");
    writeEvents(5);
    Path latest = keepCheckpoint("latest.json");
    assertThat(Files.readString(latest)).contains("\"seq\":10");
    cutTailAfter(5);
    Result blind = Cli.run("audit", "verify", "--data-dir", dir.toString());
    assertThat(blind.code()).as("the cut is invisible from inside: " + blind.out()).isZero();

    Result r =
        Cli.run("audit", "verify", "--data-dir", dir.toString(), "--checkpoint", latest.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("FAILED at seq 6")
        .contains("vouches for seq 10")
        .contains(latest.toString());
  }

  @Test
  void anUntouchedLogPassesWithEveryCheckpointKeptElsewhere() throws Exception {
    writeEvents(3);
    Path first = keepCheckpoint("first.json");
    writeEvents(3);
    Path latest = keepCheckpoint("latest.json");
    Files.writeString(
        elsewhere.resolve("all.jsonl"), Files.readString(first) + Files.readString(latest));

    Result r =
        Cli.run(
            "audit",
            "verify",
            "--data-dir",
            dir.toString(),
            "--checkpoint",
            first.toString(),
            "--checkpoint",
            elsewhere.resolve("all.jsonl").toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("OK: 6 events verified");
  }

  @Test
  void aRewrittenLogDoesNotMatchTheCheckpointKeptElsewhere() throws Exception {
    writeEvents(3);
    Path kept = keepCheckpoint("kept.json");
    cutTailAfter(2); // cut seq 3 and the checkpoints, then write on: seq 3 is a different event
    Files.deleteIfExists(dir.resolve("audit/checkpoints.jsonl"));
    writeEvents(2);

    Result r =
        Cli.run("audit", "verify", "--data-dir", dir.toString(), "--checkpoint", kept.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED at seq 3");
  }

  @Test
  void aForgedCheckpointFails() throws Exception {
    writeEvents(3);
    Path kept = keepCheckpoint("kept.json");
    Files.writeString(kept, Files.readString(kept).replace("\"seq\":3", "\"seq\":2"));

    Result r =
        Cli.run("audit", "verify", "--data-dir", dir.toString(), "--checkpoint", kept.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("is not signed by a key the log trusts");
  }

  @Test
  void saysSoWhenThereIsNoCheckpointYet() throws Exception {
    Files.createDirectories(dir.resolve("audit"));

    Result r = Cli.run("audit", "checkpoint", "--data-dir", dir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no signed checkpoint yet");
  }
}
