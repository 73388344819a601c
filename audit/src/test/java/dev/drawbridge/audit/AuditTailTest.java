package dev.drawbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.AuditConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTailTest {
  @TempDir Path data;

  @Test
  void readsCommittedRecordsBackBySeqAndTheirChainVerifies() throws Exception {
    try (AuditLog log = AuditLog.open(data, AuditConfig.defaults(), Clock.systemUTC())) {
      for (int i = 0; i < 5; i++) {
        log.append(Map.of("event", "access", "principal", "p" + i)).join();
      }
      List<AuditRecord> tail = AuditTail.read(data, 2, log.lastSeq(), 10);
      assertThat(tail).extracting(AuditRecord::seq).containsExactly(3L, 4L, 5L);
      assertThat(AuditTail.read(data, 0, 3, 10)).hasSize(3);
      assertThat(AuditTail.read(data, 0, 5, 2)).hasSize(2);
      ChainCheck ok = new ChainCheck();
      for (AuditRecord r : AuditTail.read(data, 0, 5, 10)) {
        assertThat(ok.accept(r.json())).isTrue();
      }
      assertThat(ok.result().verified()).isEqualTo(5);
    }
  }

  @Test
  void chainCheckNamesTheFirstChangedOrMissingSeq() throws Exception {
    try (AuditLog log = AuditLog.open(data, AuditConfig.defaults(), Clock.systemUTC())) {
      for (int i = 0; i < 3; i++) {
        log.append(Map.of("event", "access", "principal", "p" + i)).join();
      }
      List<AuditRecord> all = AuditTail.read(data, 0, 3, 10);
      ChainCheck changed = new ChainCheck();
      changed.accept(all.get(0).json());
      assertThat(changed.accept(all.get(1).json().replace("p1", "px"))).isFalse();
      assertThat(changed.result().firstBadSeq()).isEqualTo(2);
      ChainCheck gap = new ChainCheck();
      gap.accept(all.get(0).json());
      assertThat(gap.accept(all.get(2).json())).isFalse();
      assertThat(gap.result().problem()).contains("missing");
    }
  }
}
