package dev.drawbridge.audit;

import static dev.drawbridge.audit.Fixtures.T0;
import static dev.drawbridge.audit.Fixtures.access;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Opening the log after a crash or an edit of its end: what {@link Recovery} cuts is kept in a side
 * file, a torn write is told from an edit, and {@link AuditVerifier} reports both (real files).
 */
class RecoveryTest {
  @TempDir Path data;
  final MutableClock clock = new MutableClock(T0);
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Logger recoveryLog = (Logger) LoggerFactory.getLogger(Recovery.class);

  @BeforeEach
  void captureLog() {
    logged.start();
    recoveryLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    recoveryLog.detachAppender(logged);
  }

  private Path audit() {
    return data.resolve("audit");
  }

  private Path segment(int n) {
    return audit().resolve(SegmentFiles.name(n));
  }

  private void write(AuditConfig cfg, int n) throws Exception {
    try (AuditLog log = AuditLog.open(data, cfg, clock)) {
      for (int i = 0; i < n; i++) {
        log.append(access("ana", "git", "allow")).get();
      }
    }
  }

  /** Opens the log (recovery runs), appends one event, closes; returns its seq. */
  private long reopenAndAppend() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
      return log.append(access("bob", "git", "allow")).get().seq();
    }
  }

  private static void append(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  private List<String> messages(Level level) {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : logged.list) {
      if (e.getLevel() == level) {
        out.add(e.getFormattedMessage());
      }
    }
    return out;
  }

  private List<String> auditFiles() throws IOException {
    try (Stream<Path> s = Files.list(audit())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void cutsATornUnterminatedTailIntoASideFileAndVerifiesWithANote() throws Exception {
    write(Fixtures.strict(), 3);
    byte[] torn = "{\"seq\":4,\"time\":\"2026-".getBytes(StandardCharsets.UTF_8);
    append(segment(1), torn);

    assertThat(reopenAndAppend()).isEqualTo(4);

    Path side = audit().resolve("segment-000001.jsonl.cut-1");
    assertThat(side).exists();
    assertThat(Files.readAllBytes(side)).isEqualTo(torn);
    assertThat(messages(Level.WARN))
        .singleElement()
        .asString()
        .contains("incomplete write", "segment-000001.jsonl.cut-1");
    assertThat(messages(Level.ERROR)).isEmpty();
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(4);
    assertThat(v.problem())
        .contains("torn write")
        .contains("segment-000001.jsonl.cut-1 (" + torn.length + " bytes)");
  }

  /**
   * After a crash no closing checkpoint vouches for the last events: remove checkpoints.jsonl, so
   * that only the side file can show what recovery cut.
   */
  private void crashBeforeAnyCheckpoint() throws IOException {
    Files.delete(audit().resolve(Checkpoints.FILE));
  }

  @Test
  void treatsTheWritersOwnLastEventCutAnywhereAsATornWrite() throws Exception {
    write(Fixtures.strict(), 4);
    crashBeforeAnyCheckpoint();
    byte[] all = Files.readAllBytes(segment(1));
    String text = new String(all, StandardCharsets.UTF_8);
    int start = text.lastIndexOf('\n', text.length() - 2) + 1;
    // the crash came during the write of seq 4: 9 bytes of it, then all of it but its newline
    for (int keep : new int[] {9, all.length - start - 1}) {
      Files.write(segment(1), Arrays.copyOf(all, start + keep));
      try (AuditLog log = AuditLog.open(data, Fixtures.strict(), clock)) {
        assertThat(log.lastSeq()).isEqualTo(3);
      }
    }
    assertThat(messages(Level.WARN)).hasSize(2);
    assertThat(messages(Level.ERROR)).isEmpty();
    assertThat(Files.readAllBytes(audit().resolve("segment-000001.jsonl.cut-2")))
        .isEqualTo(Arrays.copyOfRange(all, start, all.length - 1));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
  }

  @Test
  void keepsAnEditedTerminatedLastLineAsSuspectLogsAnErrorAndFailsVerify() throws Exception {
    write(Fixtures.strict(), 3);
    crashBeforeAnyCheckpoint();
    List<String> lines = Files.readAllLines(segment(1), StandardCharsets.UTF_8);
    String last = lines.get(3);
    // an edit of the last event that leaves it newline-terminated but not JSON
    String edited = last.replace("\"principal\":\"ana\"", "\"principal\":\"eve\"").replace("}", "");
    lines.set(3, edited);
    Files.writeString(segment(1), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);

    assertThat(reopenAndAppend()).isEqualTo(3); // the gateway still starts: seq 3 is written anew

    Path side = audit().resolve("segment-000001.jsonl.cut-1.suspect");
    assertThat(side).exists();
    assertThat(Files.readString(side, StandardCharsets.UTF_8)).isEqualTo(edited + "\n");
    assertThat(messages(Level.ERROR))
        .singleElement()
        .asString()
        .contains("NOT a torn write", "tampered", "segment-000001.jsonl.cut-1.suspect");
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3);
    assertThat(v.problem())
        .contains("segment-000001.jsonl.cut-1.suspect (" + (edited.length() + 1) + " bytes)")
        .contains("not a torn write");
  }

  @Test
  void keepsACompleteEventWithoutItsNewlineThatDoesNotChainAsSuspect() throws Exception {
    write(Fixtures.strict(), 3);
    crashBeforeAnyCheckpoint();
    byte[] all = Files.readAllBytes(segment(1));
    String text = new String(all, StandardCharsets.UTF_8);
    int start = text.lastIndexOf('\n', text.length() - 2) + 1;
    // seq 3 edited (still valid JSON, its hash no longer matches) and its newline removed
    String edited =
        text.substring(start, text.length() - 1)
            .replace("\"principal\":\"ana\"", "\"principal\":\"eve\"");
    Files.writeString(segment(1), text.substring(0, start) + edited, StandardCharsets.UTF_8);

    assertThat(reopenAndAppend()).isEqualTo(3);

    Path side = audit().resolve("segment-000001.jsonl.cut-1.suspect");
    assertThat(Files.readString(side, StandardCharsets.UTF_8)).isEqualTo(edited);
    assertThat(messages(Level.ERROR))
        .singleElement()
        .asString()
        .contains("does not follow the chain");
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3);
  }

  @Test
  void treatsATailOfNulBytesAsATornWrite() throws Exception {
    write(Fixtures.strict(), 3);
    byte[] nuls = new byte[4096]; // an OS crash: the size reached the disk, the data did not
    append(segment(1), nuls);

    assertThat(reopenAndAppend()).isEqualTo(4);

    ByteArrayOutputStream partly = new ByteArrayOutputStream();
    partly.write("{\"seq\":5,\"ti".getBytes(StandardCharsets.UTF_8));
    partly.write(new byte[700]);
    append(segment(1), partly.toByteArray());

    assertThat(reopenAndAppend()).isEqualTo(5);

    assertThat(Files.readAllBytes(audit().resolve("segment-000001.jsonl.cut-1"))).isEqualTo(nuls);
    assertThat(Files.readAllBytes(audit().resolve("segment-000001.jsonl.cut-2")))
        .isEqualTo(partly.toByteArray());
    assertThat(messages(Level.WARN)).hasSize(2);
    assertThat(messages(Level.ERROR)).isEmpty();
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(5);
    assertThat(v.problem()).contains("cut-1 (4096 bytes)").contains("cut-2 (712 bytes)");
  }

  @Test
  void repeatedRecoveriesNeverOverwriteAnEarlierSideFile() throws Exception {
    write(Fixtures.strict(), 2);
    byte[] first = "{\"seq\":3,\"time\":\"20".getBytes(StandardCharsets.UTF_8);
    append(segment(1), first);
    assertThat(reopenAndAppend()).isEqualTo(3);
    byte[] second = "{\"se".getBytes(StandardCharsets.UTF_8);
    append(segment(1), second);
    assertThat(reopenAndAppend()).isEqualTo(4);
    byte[] third = "not an event\n".getBytes(StandardCharsets.UTF_8);
    append(segment(1), third);
    assertThat(reopenAndAppend()).isEqualTo(5);
    byte[] fourth = "{\"seq\":6,".getBytes(StandardCharsets.UTF_8);
    append(segment(1), fourth);
    assertThat(reopenAndAppend()).isEqualTo(6);

    assertThat(auditFiles())
        .contains(
            "segment-000001.jsonl.cut-1",
            "segment-000001.jsonl.cut-2",
            "segment-000001.jsonl.cut-3.suspect",
            "segment-000001.jsonl.cut-4");
    assertThat(Files.readAllBytes(audit().resolve("segment-000001.jsonl.cut-1"))).isEqualTo(first);
    assertThat(Files.readAllBytes(audit().resolve("segment-000001.jsonl.cut-2"))).isEqualTo(second);
    assertThat(Files.readAllBytes(audit().resolve("segment-000001.jsonl.cut-3.suspect")))
        .isEqualTo(third);
    assertThat(Files.readAllBytes(audit().resolve("segment-000001.jsonl.cut-4"))).isEqualTo(fourth);
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.problem()).contains("cut-3.suspect");
  }

  @Test
  void segmentListingIgnoresSideFilesAndRetentionDeletesThemOnlyWithTheirSegment()
      throws Exception {
    write(Fixtures.smallSegments(1000), 30);
    List<Path> before = SegmentFiles.list(audit());
    assertThat(before.size()).isGreaterThan(2);
    Path tornSegment = before.get(before.size() - 1);
    byte[] torn = "{\"seq\":31,\"ti".getBytes(StandardCharsets.UTF_8);
    append(tornSegment, torn);
    Path side = tornSegment.resolveSibling(tornSegment.getFileName() + ".cut-1");

    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      assertThat(side).exists();
      assertThat(SegmentFiles.list(audit())).isEqualTo(before);
      assertThat(log.lastSeq()).isEqualTo(30);
      for (int i = 0; i < 30; i++) { // rotates past the segment that was cut
        log.append(access("ana", "git", "allow")).get();
      }
      List<Path> segments = SegmentFiles.list(audit());
      assertThat(segments).allMatch(p -> p.getFileName().toString().endsWith(".jsonl"));
      assertThat(segments.size()).isGreaterThan(before.size());
      assertThat(AuditTail.read(data, 0, 60, 100)).hasSize(60);
      int firstKept = SegmentFiles.number(tornSegment);
      log.prune(firstSeqOf(tornSegment)); // prunes the segments before the cut one
      assertThat(SegmentFiles.number(SegmentFiles.list(audit()).get(0))).isEqualTo(firstKept);
      assertThat(side).exists();
      log.prune(firstSeqOf(SegmentFiles.list(audit()).get(1))); // now the cut one
      assertThat(tornSegment).doesNotExist();
      assertThat(side).doesNotExist();
    }
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
  }

  /** The seq of the first event of a segment (its header's prev_seq + 1). */
  private static long firstSeqOf(Path segment) throws IOException {
    byte[] header = Files.readAllLines(segment).get(0).getBytes(StandardCharsets.UTF_8);
    return ((Number) SegmentFiles.tryParse(header).get("prev_seq")).longValue() + 1;
  }

  @Test
  void aSideFileCannotHideAnEditBehindATornWriteName() throws Exception {
    write(Fixtures.strict(), 2);
    reopenAndAppend();
    // a side file named as a torn write but holding a complete line: no torn write leaves that
    Files.write(
        audit().resolve("segment-000001.jsonl.cut-1"),
        Arrays.copyOf("{\"seq\":9}\n".getBytes(StandardCharsets.UTF_8), 10));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(9);
  }
}
