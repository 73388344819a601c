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
  void undeclaredBreachIsRefusedAndLockedAtTheFirstRequestByTheDormantCredentialRule()
      throws Exception {
    List<Map<String, Object>> att = attacker(events(outcome.undeclared()));
    assertThat(att).isNotEmpty();
    assertThat(att.get(0))
        .containsEntry("decision", "deny")
        .containsEntry("reason", "dormant_credential_new_network")
        .containsEntry("credential_idle_days", 130)
        .containsEntry("new_network", true);
    assertThat(att).allSatisfy(e -> assertThat(e).containsEntry("decision", "deny"));
    assertThat(outcome.undeclared().replay().refusedAtFirstRequest()).isTrue();
    assertThat(outcome.undeclared().replay().reposCloned()).isZero();
    Map<String, Object> report = outcome.undeclared().report();
    assertThat(report.get("alerts").toString())
        .contains("drawbridge.dormant-credential-new-network");
    assertThat((List<?>) report.get("locks")).isNotEmpty();
    assertThat(RunsSideBySide.timeToLock(report)).isEqualTo("0.0 s");
  }

  @Test
  void bulkResourceAccessIsOneAlertWhoseCountGrows() throws Exception {
    List<?> alerts = (List<?>) outcome.ruleDisabled().report().get("alerts");
    List<Map<?, ?>> bulk =
        alerts.stream()
            .map(a -> (Map<?, ?>) a)
            .filter(a -> "drawbridge.bulk-resource-access".equals(a.get("rule_id")))
            .collect(Collectors.toList());
    assertThat(bulk).hasSize(1);
    assertThat(((Number) bulk.get(0).get("count")).longValue()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void downloadsBeforeTheLockStayWithinTheThresholdPlusInFlight() throws Exception {
    List<Map<String, Object>> att = attacker(events(outcome.ruleDisabled()));
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
    for (DemoMain.Run run : outcome.runs()) {
      assertThat(events(run))
          .filteredOn(e -> "allow".equals(e.get("decision")))
          .allSatisfy(e -> assertThat(DemoConfig.TOKEN_APPS).contains((String) e.get("app")));
    }
  }

  @Test
  void thePersistenceAttemptIsAlerted() throws Exception {
    assertThat(attacker(events(outcome.ruleDisabled())))
        .anySatisfy(
            e ->
                assertThat(e)
                    .containsEntry("path", "/rest/api/2/user")
                    .containsEntry("action", "admin"));
    assertThat(outcome.ruleDisabled().report().get("alerts").toString())
        .contains("drawbridge.service-admin-action");
  }

  @Test
  void allAuditLogsVerifyAndTheSideBySideIsPrinted() throws Exception {
    for (DemoMain.Run run : outcome.runs()) {
      assertThat(run.verify().ok()).as(run.name()).isTrue();
    }
    assertThat(Files.readString(outcome.htmlReport())).contains("<svg");
    assertThat(printed)
        .containsPattern("repositories viewed\\s+120\\s+0\\s+0\\s+120\\s")
        .containsPattern("repositories downloaded\\s+76\\s+0\\s+0\\s+(9|10|11)\\s")
        .containsPattern("time to lock\\s+9 days\\s+none needed \\(refused\\)\\s+0\\.0 s\\s+")
        .contains("drawbridge unlock --principal " + DemoConfig.TOKEN_NAME);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReportsHeadlineFiguresAreTheAuditLogs() throws Exception {
    // run 3 (the inline rule disabled) is the run in which the token reads and downloads
    List<Map<String, Object>> att = attacker(events(outcome.ruleDisabled()));
    Map<String, Object> report = outcome.ruleDisabled().report();
    Map<String, Object> h = (Map<String, Object>) report.get("headline");
    List<Map<String, Object>> downloads =
        att.stream()
            .filter(e -> "download".equals(e.get("action")) && "allow".equals(e.get("decision")))
            .toList();
    long bytes = downloads.stream().mapToLong(e -> ((Number) e.get("bytes_out")).longValue()).sum();
    Set<Object> resources =
        downloads.stream().map(e -> e.get("resource")).collect(Collectors.toSet());
    assertThat(((Number) h.get("left_resources")).longValue()).isEqualTo(resources.size());
    assertThat(((Number) h.get("left_bytes")).longValue()).isEqualTo(bytes).isPositive();
    assertThat((List<Map<String, Object>>) h.get("left"))
        .extracting(m -> m.get("resource"))
        .containsExactlyInAnyOrderElementsOf(resources);
    List<String> changed =
        att.stream()
            .filter(
                e ->
                    "allow".equals(e.get("decision"))
                        && List.of("write", "admin").contains(e.get("action"))
                        && ((Number) e.get("status")).intValue() / 100 == 2)
            .map(e -> e.get("method") + " " + e.get("path") + " " + e.get("status"))
            .toList();
    assertThat(changed).contains("POST /rest/api/2/user 201");
    assertThat((List<Map<String, Object>>) h.get("changed"))
        .extracting(m -> m.get("method") + " " + m.get("path") + " " + m.get("status"))
        .containsExactlyElementsOf(changed);
    long denied = att.stream().filter(e -> "deny".equals(e.get("decision"))).count();
    assertThat(((Number) ((Map<String, Object>) h.get("denied")).get("count")).longValue())
        .isEqualTo(denied)
        .isPositive();
    // one lock time: after the last allowed download, no later than the first request it stopped
    java.time.Instant lock = java.time.Instant.parse((String) report.get("lock_time"));
    java.time.Instant firstLocked =
        att.stream()
            .filter(e -> "locked".equals(e.get("reason")))
            .map(e -> java.time.Instant.parse((String) e.get("time")))
            .min(java.util.Comparator.naturalOrder())
            .orElseThrow();
    assertThat(lock).isBeforeOrEqualTo(firstLocked);
    assertThat(h.get("contained_at")).isEqualTo(report.get("lock_time"));
    assertThat(h.get("time_to_contain_seconds")).isNotNull();
    Map<String, Object> cred =
        ((List<Map<String, Object>>) report.get("credential_context")).get(0);
    assertThat(cred)
        .containsEntry("name", DemoConfig.TOKEN_NAME)
        .containsEntry("labels", DemoConfig.TOKEN_LABELS)
        .containsEntry("owner", "okta-integration@corp.example");
    assertThat(((Number) cred.get("idle_days_before")).longValue()).isEqualTo(130);
    assertThat(cred.get("networks_before").toString()).contains("10.20.30.0/24");
    assertThat(cred.get("networks_during").toString()).contains("198.51.100.0/24");
    assertThat((List<Map<String, Object>>) report.get("next_steps"))
        .extracting(m -> m.get("command"))
        .contains(
            "drawbridge token revoke " + DemoConfig.TOKEN_NAME,
            "drawbridge breach declare --vendor okta --since "
                + ((String) ((Map<String, Object>) report.get("window")).get("to"))
                    .substring(0, 10));
  }
}
