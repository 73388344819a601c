package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.config.AuditConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMetricsTest {
  @TempDir Path data;

  @Test
  void countsAlertsByRuleAndFoldsRunawayLabelValuesIntoOther() throws Exception {
    AtomicLong lost = new AtomicLong(7);
    try (AuditLog log = AuditLog.open(data, AuditConfig.defaults(), Clock.systemUTC());
        ServerMetrics m = new ServerMetrics(log, lost, null)) {
      m.accept(record(Map.of("event", "alert_raised", "rule_id", "bulk", "level", "high")));
      m.accept(record(Map.of("event", "alert_raised", "rule_id", "bulk", "level", "high")));
      for (int i = 0; i < ServerMetrics.MAX_SERIES + 10; i++) {
        m.accept(
            record(
                Map.of("event", "access", "app", "app" + i, "decision", "allow", "reason", "p")));
      }
      String text = m.scrape();
      assertThat(text)
          .contains("drawbridge_alerts_total{level=\"high\",rule=\"bulk\"} 2.0")
          .contains("drawbridge_access_total{app=\"app0\",decision=\"allow\",reason=\"p\"} 1.0")
          .contains("drawbridge_access_total{app=\"other\",decision=\"other\",reason=\"other\"}")
          .contains("drawbridge_audit_batched_lost_total 7.0")
          .doesNotContain("app=\"app" + (ServerMetrics.MAX_SERIES + 9) + "\"")
          .doesNotContain("drawbridge_webhook");
      long series = text.lines().filter(l -> l.startsWith("drawbridge_access_total{")).count();
      assertThat(series).isLessThanOrEqualTo(ServerMetrics.MAX_SERIES);
    }
  }

  private static AuditRecord record(Map<String, Object> fields) {
    return new AuditRecord(1, new HashMap<>(fields), "{}");
  }
}
