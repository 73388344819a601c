package dev.drawbridge.audit;

import static dev.drawbridge.audit.Fixtures.T0;
import static dev.drawbridge.audit.Fixtures.access;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path data;
  final MutableClock clock = new MutableClock(T0);

  @Test
  void assignsSeqTimeAndChainInTheDocumentedFieldOrder() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      AuditRecord r1 = log.append(access("ana@corp.example", "git", "allow")).get();
      AuditRecord r2 = log.append(Map.of("event", "lock", "principal", "ci-bot")).get();
      assertThat(r1.seq()).isEqualTo(1);
      assertThat(r2.seq()).isEqualTo(2);
      assertThat(r1.json())
          .startsWith(
              "{\"seq\":1,\"time\":\"2026-11-30T10:00:00.000Z\","
                  + "\"event\":\"access\",\"request_id\":");
      assertThat(r1.json())
          .containsPattern(
              "\"duration_ms\":1.5,\"prev_hash\":\"0{64}\"," + "\"hash\":\"[0-9a-f]{64}\"}$");
      assertThat(r2.fields().get("prev_hash")).isEqualTo(r1.hash());
      assertThat(List.copyOf(r1.fields().keySet())).startsWith("seq", "time", "event");
      assertThat(r1.hash()).isEqualTo(HashChain.hash(HashChain.GENESIS, r1.fields()));
      assertThatThrownBy(() -> r1.fields().put("x", 1))
          .isInstanceOf(UnsupportedOperationException.class);
    }
    List<String> lines = Files.readAllLines(data.resolve("audit/segment-000001.jsonl"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("\"header\":\"drawbridge-audit-segment\"");
    assertThat(AuditVerifier.verify(data).ok()).isTrue();
  }

  @Test
  void keepsATimeTheCallerGave() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      Map<String, Object> e = access("ana", "git", "allow");
      e.put("time", "2026-01-01T00:00:00.123Z");
      assertThat(log.append(e).get().fields().get("time")).isEqualTo("2026-01-01T00:00:00.123Z");
    }
  }

  @Test
  void rejectsAnEventWithoutAName() {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      assertThatThrownBy(() -> log.append(Map.of("app", "git")).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void appendsAGroupInOrderAndFailsOnlyItsInvalidEvents() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      Map<String, Object> loneKey = access("ana", "git", "allow");
      loneKey.put("x\uD800", 1); // the JSON round trip rejects a lone surrogate in a key
      Map<String, Object> loneInHash = access("ana", "git", "allow");
      loneInHash.put("hash", Map.of("\uDC00", 1)); // dropped unwritten, rejected all the same
      List<Map<String, Object>> events =
          List.of(
              access("ana", "git", "allow"),
              Map.of("app", "git"),
              loneKey,
              loneInHash,
              access("bo", "wiki", "deny"),
              Map.of("event", "lock", "note", "a\uD800b"));
      List<CompletableFuture<AuditRecord>> fs = new ArrayList<>();
      events.forEach(e -> fs.add(new CompletableFuture<>()));
      log.appendAll(events, fs);
      assertThat(fs.get(0).get().seq()).isEqualTo(1);
      for (int i = 1; i <= 3; i++) {
        CompletableFuture<AuditRecord> f = fs.get(i);
        assertThatThrownBy(f::get)
            .as("event %d", i)
            .hasCauseInstanceOf(IllegalArgumentException.class);
      }
      assertThat(fs.get(4).get().seq()).as("no seq spent on a rejected event").isEqualTo(2);
      AuditRecord loneNote = fs.get(5).get();
      assertThat(loneNote.seq()).isEqualTo(3);
      assertThat(loneNote.fields().get("note"))
          .as("a lone surrogate: the record holds what the JSON round trip gives")
          .isEqualTo(AuditLog.normalize(events.get(5)).get("note"));
    }
    assertThat(AuditVerifier.verify(data).ok()).isTrue();
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      log.close();
      CompletableFuture<AuditRecord> f = new CompletableFuture<>();
      log.appendAll(List.of(access("ana", "git", "allow")), List.of(f));
      assertThatThrownBy(f::get).hasCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void continuesTheChainAfterARestart() throws Exception {
    String lastHash;
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      for (int i = 0; i < 5; i++) {
        log.append(access("ana", "git", "allow")).get();
      }
      lastHash = log.lastHash();
    }
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      assertThat(log.lastSeq()).isEqualTo(5);
      AuditRecord r = log.append(access("ana", "git", "allow")).get();
      assertThat(r.seq()).isEqualTo(6);
      assertThat(r.fields().get("prev_hash")).isEqualTo(lastHash);
    }
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(6);
  }

  @Test
  void cutsATornFinalLineOnOpenAndContinues() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      for (int i = 0; i < 3; i++) {
        log.append(access("ana", "git", "allow")).get();
      }
    }
    Path seg = data.resolve("audit/segment-000001.jsonl");
    Files.writeString(seg, "{\"seq\":4,\"time\":\"2026-", StandardOpenOption.APPEND);
    VerifyResult before = AuditVerifier.verify(data);
    assertThat(before.ok()).isTrue();
    assertThat(before.problem()).contains("incomplete final line");
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      assertThat(log.append(access("ana", "git", "allow")).get().seq()).isEqualTo(4);
    }
    assertThat(Files.readString(seg, StandardCharsets.UTF_8)).doesNotContain("\"2026-\n");
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(4);
  }

  @Test
  void rotatesSegmentsWithHeadersThatCarryThePreviousEnd() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      for (int i = 0; i < 40; i++) {
        log.append(access("ana", "git", "allow")).get();
      }
    }
    List<Path> segs = SegmentFiles.list(data.resolve("audit"));
    assertThat(segs.size()).isGreaterThan(2);
    String header = Files.readAllLines(segs.get(1)).get(0);
    assertThat(header).contains("\"segment\":2").contains("\"prev_seq\":");
    assertThat(Files.exists(SegmentFiles.sidecar(segs.get(0)))).isTrue();
    assertThat(AuditVerifier.verify(data).verified()).isEqualTo(40);
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      assertThat(log.append(access("ana", "git", "allow")).get().seq()).isEqualTo(41);
    }
    assertThat(AuditVerifier.verify(data).ok()).isTrue();
  }

  @Test
  void callsListenersInOrderAndCountsTheirFailures() throws Exception {
    List<Long> seen = new ArrayList<>();
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      log.addListener(r -> seen.add(r.seq()));
      log.addListener(
          r -> {
            throw new IllegalStateException("boom");
          });
      for (int i = 0; i < 10; i++) {
        log.append(access("ana", "git", "allow"));
      }
      log.append(access("ana", "git", "allow")).get();
      Fixtures.eventually(() -> seen.size() == 11);
      assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
      assertThat(log.listenerErrors()).isEqualTo(11);
      assertThat(log.healthy()).isTrue();
    }
  }

  @Test
  void createsThePrivateCheckpointKeyReadableOnlyByItsOwner() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      log.append(access("ana", "git", "allow")).get();
    }
    assertThat(Files.getPosixFilePermissions(data.resolve("audit/checkpoint.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(data.resolve("audit/checkpoint.pub"))).contains("PUBLIC KEY");
    assertThat(Files.readAllLines(data.resolve("audit/checkpoints.jsonl")))
        .singleElement()
        .asString()
        .contains("\"seq\":1");
  }

  @Test
  void writesACheckpointEveryNEventsAndWhenTheIntervalPasses() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(5), clock)) {
      for (int i = 0; i < 12; i++) {
        log.append(access("ana", "git", "allow")).get();
      }
      Path cps = data.resolve("audit/checkpoints.jsonl");
      Fixtures.eventually(() -> lines(cps) >= 2);
      clock.advance(java.time.Duration.ofHours(2));
      Fixtures.eventually(() -> lines(cps) >= 3);
    }
  }

  @Test
  void cutsATornCheckpointLineOnOpen() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      log.append(access("ana", "git", "allow")).get();
    }
    Path cps = data.resolve("audit/checkpoints.jsonl");
    Files.writeString(cps, "{\"seq\":2,\"ha", StandardOpenOption.APPEND);
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      log.append(access("ana", "git", "allow")).get();
    }
    assertThat(Files.readAllLines(cps)).hasSize(2);
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
  }

  private static int lines(Path p) {
    try {
      return Files.exists(p) ? Files.readAllLines(p).size() : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }
}
