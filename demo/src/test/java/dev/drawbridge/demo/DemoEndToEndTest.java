package dev.drawbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditQuery;
import dev.drawbridge.config.AuditConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole demo (real gateway, real git, real sample apps) and checks its figures against the
 * audit log itself, not against the demo's printout.
 */
class DemoEndToEndTest {
  @TempDir static Path work;
  static DemoMain.Outcome outcome;
  static String printed;

  @BeforeAll
  static void runDemo() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    outcome = DemoMain.run(work, new PrintStream(buf, true, StandardCharsets.UTF_8), 120, 76);
    printed = buf.toString(StandardCharsets.UTF_8);
  }

  static List<Map<String, Object>> events(DemoMain.Run run) throws Exception {
    try (AuditLog log = AuditLog.open(run.dataDir(), AuditConfig.defaults(), Clock.systemUTC())) {
      return log.query(new AuditQuery(DemoConfig.TOKEN_NAME, null, null, null, null, 0));
    }
  }

  static List<Map<String, Object>> attacker(List<Map<String, Object>> events) {
    return events.stream()
        .filter(e -> DemoConfig.ATTACKER_IP.equals(e.get("src_ip")))
        .collect(Collectors.toList());
  }

  @Test
  void declaredBreachStopsTheReplayAtItsFirstRequest() throws Exception {
    List<Map<String, Object>> att = attacker(events(outcome.declared()));
    assertThat(att).isNotEmpty();
    assertThat(att.get(0))
        .containsEntry("decision", "deny")
        .containsEntry("reason", "credential_suspended");
    assertThat(att).allSatisfy(e -> assertThat(e).containsEntry("decision", "deny"));
    assertThat(outcome.declared().replay().refusedAtFirstRequest()).isTrue();
  }

  @Test
  void downloadsBeforeTheLockStayWithinTheThresholdPlusInFlight() throws Exception {
    List<Map<String, Object>> att = attacker(events(outcome.undeclared()));
    Set<Object> downloaded =
        att.stream()
            .filter(e -> "download".equals(e.get("action")) && "allow".equals(e.get("decision")))
            .map(e -> e.get("resource"))
            .collect(Collectors.toSet());
    assertThat(downloaded).hasSizeGreaterThanOrEqualTo(9).hasSizeLessThanOrEqualTo(11);
    assertThat(att).anySatisfy(e -> assertThat(e).containsEntry("reason", "locked"));
  }

  @Test
  void nothingOutsideTheTokensScopeIsAllowed() throws Exception {
    for (DemoMain.Run run : List.of(outcome.declared(), outcome.undeclared())) {
      assertThat(events(run))
          .filteredOn(e -> "allow".equals(e.get("decision")))
          .allSatisfy(e -> assertThat(DemoConfig.TOKEN_APPS).contains((String) e.get("app")));
    }
  }

  @Test
  void thePersistenceAttemptIsAlerted() throws Exception {
    assertThat(attacker(events(outcome.undeclared())))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("path", "/rest/api/2/user")
                    .containsEntry("action", "admin"));
    assertThat(outcome.undeclared().report().get("alerts").toString())
        .contains("drawbridge.service-admin-action");
  }

  @Test
  void bothAuditLogsVerifyAndTheReportIsWritten() throws Exception {
    assertThat(outcome.declared().verify().ok()).isTrue();
    assertThat(outcome.undeclared().verify().ok()).isTrue();
    assertThat(Files.readString(outcome.htmlReport())).contains("<svg");
    assertThat(printed).contains("repositories viewed          120");
  }
}
