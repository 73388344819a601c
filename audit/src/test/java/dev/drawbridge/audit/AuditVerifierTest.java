package dev.drawbridge.audit;

import static dev.drawbridge.audit.Fixtures.T0;
import static dev.drawbridge.audit.Fixtures.access;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
  @TempDir Path data;
  final MutableClock clock = new MutableClock(T0);

  private Path audit() {
    return data.resolve("audit");
  }

  private Path segment(int n) {
    return audit().resolve(SegmentFiles.name(n));
  }

  /** Writes {@code n} events; checkpoints every {@code every}; small segments when asked. */
  private void write(int n, boolean small, int every) throws IOException {
    var cfg =
        new dev.drawbridge.config.AuditConfig(
            dev.drawbridge.config.AuditConfig.Durability.STRICT,
            java.time.Duration.ofMillis(200),
            every,
            java.time.Duration.ofHours(1),
            small ? 4096 : 1 << 20,
            null);
    try (AuditLog log = AuditLog.open(data, cfg, clock)) {
      for (int i = 0; i < n; i++) {
        log.append(access("user" + (i % 3) + "@corp.example", "git", "allow")).join();
      }
    }
  }

  /** The line of {@code seq} in segment 1 is line index {@code seq} (line 0 is the header). */
  private static void rewrite(Path file, java.util.function.Consumer<List<String>> edit)
      throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    edit.accept(lines);
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Rewrites segment 1 from line {@code from} on (seq = line index) as an attacker would: another
   * principal, then prev_hash and hash recomputed to the end. Returns the new head hash.
   */
  private String rewriteChainFrom(int from) throws IOException {
    String[] head = new String[1];
    rewrite(
        segment(1),
        l -> {
          String prev = HashChain.GENESIS;
          for (int i = 1; i < l.size(); i++) {
            var m = SegmentFiles.tryParse(l.get(i).getBytes(StandardCharsets.UTF_8));
            if (i >= from) {
              m.put("principal", "nobody");
              m.put("prev_hash", prev);
              m.put("hash", HashChain.hash(prev, m));
            }
            prev = (String) m.get("hash");
            try {
              l.set(i, AuditJson.LINE.writeValueAsString(m));
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          }
          head[0] = prev;
        });
    return head[0];
  }

  @Test
  void acceptsAnIntactLog() throws IOException {
    write(30, true, 7);
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v).isEqualTo(new VerifyResult(true, 30, null, null));
  }

  @Test
  void namesTheSeqWhoseByteWasChanged() throws IOException {
    write(10, false, 1000);
    rewrite(segment(1), l -> l.set(4, l.get(4).replace("user0@corp", "user9@corp")));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(4);
    assertThat(v.verified()).isEqualTo(3);
    assertThat(v.problem()).contains("seq 4").contains("altered");
  }

  @Test
  void namesALineThatCarriesASecondObject() throws IOException {
    write(10, false, 1000);
    // a second, unhashed "event" behind seq 5's line, which a line-based reader would see
    rewrite(segment(1), l -> l.set(5, l.get(5) + " {\"event\":\"access\",\"principal\":\"x\"}"));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(5);
    assertThat(v.problem()).contains("line 6 of segment-000001.jsonl is not valid JSON");
  }

  @Test
  void namesALineWithADuplicatedKey() throws IOException {
    write(10, false, 1000);
    // readers that keep the first copy would see principal "x"; the hash covers the last
    rewrite(segment(1), l -> l.set(5, l.get(5).replaceFirst("\\{", "{\"principal\":\"x\",")));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(5);
    assertThat(v.problem()).contains("line 6 of segment-000001.jsonl is not valid JSON");
  }

  @Test
  void saysSoWhenNoSignedCheckpointVouchesForTheLog() throws IOException {
    write(10, false, 1000);
    Files.delete(audit().resolve("checkpoints.jsonl"));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isTrue();
    assertThat(v.verified()).isEqualTo(10);
    assertThat(v.problem()).contains("no signed checkpoint vouches for these events");
  }

  /**
   * Writes 5 events (a checkpoint at seq 5), loses {@code checkpoint.key} (its pair is copied to
   * {@code lost/} first, as if someone else had it), then writes 5 more with a new key pair (a
   * checkpoint at seq 10). Returns the lost private key.
   */
  private PrivateKey changeKeyBetweenTwoRuns() throws IOException {
    write(5, false, 1000);
    Path lost = Files.createDirectories(data.resolve("lost"));
    Files.copy(audit().resolve("checkpoint.key"), lost.resolve("checkpoint.key"));
    Files.copy(audit().resolve("checkpoint.pub"), lost.resolve("checkpoint.pub"));
    Files.delete(audit().resolve("checkpoint.key"));
    write(5, false, 1000); // opens again: a new key pair, the old public key kept as .old-1
    return CheckpointKeys.loadOrCreate(lost).getPrivate();
  }

  /**
   * Appends a checkpoint of {@code seq} (with the log's real hash there) signed with {@code key}.
   */
  private void appendCheckpoint(PrivateKey key, long seq) throws IOException {
    String hash =
        (String)
            SegmentFiles.tryParse(
                    Files.readAllLines(segment(1), StandardCharsets.UTF_8)
                        .get((int) seq)
                        .getBytes(StandardCharsets.UTF_8))
                .get("hash");
    try (Checkpoints cps = new Checkpoints(audit(), LogFiles.standard(), key)) {
      cps.append(seq, hash, clock.instant(), SegmentFiles.name(1), false);
    }
  }

  @Test
  void acceptsCheckpointsSignedBeforeAndAfterAKeyChangeAndNamesTheOldKey() throws IOException {
    Path pub = audit().resolve("checkpoint.pub");
    changeKeyBetweenTwoRuns();
    assertThat(Files.readString(audit().resolve("checkpoint.pub.old-1")))
        .isEqualTo(Files.readString(data.resolve("lost/checkpoint.pub")))
        .isNotEqualTo(Files.readString(pub));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isEqualTo(10);
    assertThat(v.problem())
        .contains("seq 5 by checkpoint.pub.old-1, seq 10 by checkpoint.pub")
        .contains("compare checkpoint.pub.old-1 with your own copy");
  }

  @Test
  void acceptsTwoKeyChangesInOrder() throws IOException {
    changeKeyBetweenTwoRuns();
    Files.delete(audit().resolve("checkpoint.key"));
    write(5, false, 1000); // a third key pair: the second kept as .old-2
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.problem())
        .contains(
            "seq 5 by checkpoint.pub.old-1, seq 10 by checkpoint.pub.old-2, seq 15 by"
                + " checkpoint.pub")
        .contains("compare checkpoint.pub.old-1 and checkpoint.pub.old-2");
  }

  @Test
  void namesAnOldKeyThatSignedEveryCheckpoint() throws IOException {
    write(5, false, 1000);
    Files.delete(audit().resolve("checkpoint.key"));
    write(0, false, 1000); // a new key pair that has signed nothing yet
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.problem()).contains("seq 5 by checkpoint.pub.old-1, none by checkpoint.pub");
  }

  @Test
  void refusesACheckpointSignedByAnOldKeyAfterOneSignedByANewerKey() throws IOException {
    PrivateKey lost = changeKeyBetweenTwoRuns();
    // whoever has the lost key vouches for seq 8 after checkpoint.pub took over at seq 10
    appendCheckpoint(lost, 8);
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(8);
    assertThat(v.problem())
        .contains("checkpoint 3 in checkpoints.jsonl (seq 8) is signed by the older key")
        .contains("checkpoint.pub.old-1")
        .contains("checkpoint 2 (seq 10) before it is signed by the newer checkpoint.pub");
  }

  @Test
  void refusesACheckpointSignedByAnUnknownKeyAcrossAKeyChange() throws Exception {
    changeKeyBetweenTwoRuns();
    appendCheckpoint(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), 7);
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(7);
    assertThat(v.problem())
        .contains("(seq 7) has an invalid signature (tried checkpoint.pub, checkpoint.pub.old-1)")
        .contains("forged");
  }

  @Test
  void namesTheOldKeyOfACheckpointTheRewrittenLogNoLongerMatches() throws IOException {
    changeKeyBetweenTwoRuns();
    rewriteChainFrom(4);
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.firstBadSeq()).isEqualTo(5);
    assertThat(v.problem())
        .contains("signed checkpoint")
        .contains("(signed by checkpoint.pub.old-1)");
  }

  @Test
  void checksEveryCheckpointWithThePinnedKeyAloneEvenWhenOldKeysAreKept() throws IOException {
    changeKeyBetweenTwoRuns();
    VerifyResult withNew =
        AuditVerifier.verify(data, AuditVerifier.readPublicKey(audit().resolve("checkpoint.pub")));
    assertThat(withNew.ok()).isFalse();
    assertThat(withNew.firstBadSeq()).isEqualTo(5);
    assertThat(withNew.problem())
        .isEqualTo(
            "checkpoint 1 in checkpoints.jsonl (seq 5) has an invalid signature: it was forged or"
                + " altered");
    VerifyResult withOld =
        AuditVerifier.verify(
            data, AuditVerifier.readPublicKey(audit().resolve("checkpoint.pub.old-1")));
    assertThat(withOld.ok()).isFalse();
    assertThat(withOld.firstBadSeq())
        .as("the old key vouches for the first checkpoint")
        .isEqualTo(10);
  }

  @Test
  void namesADeletedLine() throws IOException {
    write(10, false, 1000);
    rewrite(segment(1), l -> l.remove(6));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.firstBadSeq()).isEqualTo(6);
    assertThat(v.problem()).contains("seq 6 is missing").contains("deleted");
  }

  @Test
  void namesSwappedLines() throws IOException {
    write(10, false, 1000);
    rewrite(segment(1), l -> Collections.swap(l, 3, 4));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.firstBadSeq()).isEqualTo(3);
    assertThat(v.problem()).contains("out of order").contains("swapped");
  }

  @Test
  void namesACutTailFromTheLastSignedCheckpoint() throws IOException {
    write(10, false, 1000);
    rewrite(segment(1), l -> l.subList(8, l.size()).clear());
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.verified()).isEqualTo(7);
    assertThat(v.firstBadSeq()).isEqualTo(8);
    assertThat(v.problem()).contains("ends at seq 7").contains("vouches for seq 10");
  }

  @Test
  void namesARewrittenTailThatNoLongerMatchesTheSignedHash() throws IOException {
    write(10, false, 1000);
    rewriteChainFrom(9); // an attacker who rewrites seq 9..10 and recomputes their hashes
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.firstBadSeq()).isEqualTo(10);
    assertThat(v.problem()).contains("signed checkpoint");
  }

  @Test
  void namesARewrittenTailWhoseCheckpointHashWasChangedToMatch() throws IOException {
    write(10, false, 1000);
    // an attacker rewrites seq 9..10, recomputes the chain and the checkpoint's head hash
    String[] head = {rewriteChainFrom(9)};
    rewrite(
        audit().resolve("checkpoints.jsonl"),
        l ->
            l.replaceAll(
                line ->
                    line.contains("\"seq\":10,")
                        ? line.replaceAll(
                            "\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"" + head[0] + "\"")
                        : line));
    assertThat(Files.readString(audit().resolve("checkpoints.jsonl"))).contains(head[0]);
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(10);
    assertThat(v.problem()).contains("invalid signature");
  }

  @Test
  void namesTheGapWhereASegmentWasRemoved() throws IOException {
    write(60, true, 1000);
    List<Path> segs = SegmentFiles.list(audit());
    assertThat(segs.size()).isGreaterThanOrEqualTo(3);
    long firstMissing = SegmentIndex.scan(segs.get(0)).summary().lastSeq() + 1;
    Files.delete(segs.get(1));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(firstMissing);
    assertThat(v.problem()).contains("a segment was removed");
  }

  @Test
  void namesTheOldestSegmentRemovedWithoutAPruneRecord() throws IOException {
    write(60, true, 1000);
    Files.delete(segment(1));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.firstBadSeq()).isEqualTo(1);
    assertThat(v.problem()).contains("no signed prune record");
  }

  @Test
  void namesAForgedCheckpoint() throws IOException {
    write(10, false, 5);
    Path cps = audit().resolve("checkpoints.jsonl");
    rewrite(cps, l -> l.set(0, l.get(0).replace("\"seq\":5", "\"seq\":4")));
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(4);
    assertThat(v.problem()).contains("invalid signature").contains("forged");
  }

  @Test
  void keepsVerificationWholeAfterPruning() throws IOException {
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      for (int i = 0; i < 60; i++) {
        log.append(access("ana", "git", "allow")).join();
      }
      int before = SegmentFiles.list(audit()).size();
      log.prune(25);
      assertThat(SegmentFiles.list(audit()).size()).isLessThan(before);
      assertThat(log.query(AuditQuery.all())).isNotEmpty();
    }
    VerifyResult v = AuditVerifier.verify(data);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.verified()).isLessThan(60).isGreaterThan(30);
  }
}
