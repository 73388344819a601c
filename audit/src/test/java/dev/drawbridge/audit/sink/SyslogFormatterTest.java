package dev.drawbridge.audit.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 5424 lines: priority from facility 13 and severity, structured data escaped (§6.3.3). */
class SyslogFormatterTest {
  static AuditRecord record(Map<String, Object> fields) {
    return new AuditRecord(7, fields, "{\"seq\":7}");
  }

  @Test
  void deniedAccessIsAWarningWithEscapedStructuredData() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("seq", 7);
    f.put("time", "2026-11-30T10:00:00.000Z");
    f.put("event", "access");
    f.put("principal", "eve \"the\" ]attacker\\");
    f.put("decision", "deny");
    f.put("reason", "locked");
    String line = new SyslogFormatter("gw-1").format(record(f));
    assertThat(line)
        .startsWith("<108>1 2026-11-30T10:00:00.000Z gw-1 drawbridge - access [drawbridge@32473")
        .contains("seq=\"7\"")
        .contains("principal=\"eve \\\"the\\\" \\]attacker\\\\\"")
        .endsWith(" {\"seq\":7}");
  }

  @Test
  void allowedAccessIsInformationalAndAMissingHostIsANilValue() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("time", "2026-11-30T10:00:00.000Z");
    f.put("event", "access");
    f.put("decision", "allow");
    assertThat(new SyslogFormatter(null).format(record(f)))
        .startsWith("<110>1 2026-11-30T10:00:00.000Z - drawbridge - access ");
  }
}
