package dev.drawbridge.audit;

import static dev.drawbridge.audit.Fixtures.T0;
import static dev.drawbridge.audit.Fixtures.access;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditQueryTest {
  @TempDir Path data;
  final MutableClock clock = new MutableClock(T0);

  private void fill(AuditLog log) {
    for (int i = 0; i < 60; i++) {
      String who = i % 3 == 0 ? "ci-bot" : "ana@corp.example";
      String app = i % 2 == 0 ? "git" : "wiki";
      String decision = i % 5 == 0 ? "deny" : "allow";
      log.append(access(who, app, decision)).join();
      log.append(Map.of("event", "lock", "principal", who)).join();
      clock.advance(Duration.ofMinutes(1));
    }
  }

  private static List<Object> seqs(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> r.get("seq")).toList();
  }

  @Test
  void keepsAtMostEightClosedSegmentIndexesInMemoryHoweverManySegmentsClose() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      fill(log);
      fill(log);
      assertThat(SegmentFiles.list(data.resolve("audit")).size()).isGreaterThan(12);
      assertThat(log.cachedIndexes()).isLessThanOrEqualTo(8);
      assertThat(log.query(new AuditQuery("ci-bot", null, null, null, null, 0))).hasSize(40);
      assertThat(log.cachedIndexes()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void aQueryWhileSegmentsRotateSeesEveryEventOnceInOrder() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      java.util.concurrent.atomic.AtomicBoolean done =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; i < 1500; i++) {
                  log.append(access("ana@corp.example", "git", "allow")).join();
                }
                done.set(true);
              });
      writer.start();
      int queries = 0;
      while (!done.get() || queries < 20) {
        List<Object> got = seqs(log.query(AuditQuery.all()));
        for (int i = 0; i < got.size(); i++) {
          assertThat(((Number) got.get(i)).longValue())
              .as("query %d: the %dth event of %d", queries, i, got.size())
              .isEqualTo(i + 1);
        }
        queries++;
      }
      writer.join();
    }
  }

  @Test
  void findsAccessEventsByPrincipalAppDecisionAndTimeOldestFirst() throws Exception {
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      fill(log);
      assertThat(SegmentFiles.list(data.resolve("audit")).size()).isGreaterThan(3);
      List<Map<String, Object>> bot =
          log.query(new AuditQuery("ci-bot", null, null, null, null, 0));
      assertThat(bot).hasSize(20).allMatch(r -> r.get("event").equals("access"));
      assertThat(seqs(bot))
          .isSortedAccordingTo(
              (a, b) -> Long.compare(((Number) a).longValue(), ((Number) b).longValue()));

      assertThat(log.query(new AuditQuery("ci-bot", "git", "deny", null, null, 0)))
          .hasSize(2) // i = 0, 30
          .allMatch(r -> r.get("decision").equals("deny") && r.get("app").equals("git"));

      var window =
          new AuditQuery(
              null,
              null,
              null,
              T0.plus(Duration.ofMinutes(10)),
              T0.plus(Duration.ofMinutes(20)),
              0);
      assertThat(log.query(window)).hasSize(10);
      assertThat(log.query(window.withLimit(3)))
          .hasSize(3)
          .first()
          .extracting(r -> r.get("time"))
          .isEqualTo("2026-11-30T10:10:00.000Z");
      assertThat(log.query(new AuditQuery("nobody", null, null, null, null, 0))).isEmpty();
    }
  }

  @Test
  void answersTheSameAfterARestartFromSidecarIndexes() throws Exception {
    List<Map<String, Object>> before;
    AuditQuery q = new AuditQuery("ana@corp.example", "wiki", "allow", null, null, 0);
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      fill(log);
      before = log.query(q);
    }
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      assertThat(log.query(q)).isEqualTo(before).isNotEmpty();
    }
    // a lost sidecar is rebuilt on demand
    Files.delete(SegmentFiles.sidecar(data.resolve("audit/segment-000001.jsonl")));
    try (AuditLog log = AuditLog.open(data, Fixtures.smallSegments(1000), clock)) {
      assertThat(log.query(q)).isEqualTo(before);
    }
  }
}
