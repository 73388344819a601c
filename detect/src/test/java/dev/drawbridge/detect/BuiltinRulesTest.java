package dev.drawbridge.detect;

import static dev.drawbridge.detect.Events.access;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.DetectionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinRulesTest {
  private final DetectionEngine engine =
      new DetectionEngine(BuiltinRules.load(DetectionConfig.defaults()), EngineLimits.defaults());

  private List<Alert> feed(DetectionEngine e, List<Map<String, Object>> events) {
    List<Alert> out = new ArrayList<>();
    events.forEach(ev -> out.addAll(e.onEvent(ev)));
    return out;
  }

  private static List<String> ids(List<Alert> alerts) {
    return alerts.stream().map(Alert::ruleId).toList();
  }

  private static List<Map<String, Object>> distinct(
      int n, String field, long step, Object... fixed) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] kv = new Object[fixed.length + 2];
      System.arraycopy(fixed, 0, kv, 0, fixed.length);
      kv[fixed.length] = field;
      kv[fixed.length + 1] = field + "-" + i;
      events.add(access(i * step, kv));
    }
    return events;
  }

  @Test
  void packHasTheSpecIdsAndDefaults() {
    List<Rule> pack = BuiltinRules.load(DetectionConfig.defaults());
    assertThat(pack.stream().map(Rule::id)).containsAll(BuiltinRules.IDS);
    SigmaCorrelation download =
        (SigmaCorrelation)
            pack.stream().filter(r -> r.id().equals("drawbridge.bulk-download")).findFirst().get();
    assertThat(download.condition().gte()).isEqualTo(10);
    assertThat(download.groupBy()).containsExactly("principal");
    assertThat(download.response()).containsExactly("alert", "lock");
    assertThat(download.lockTtl()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void bulkResourceAccessFiresAtTwentyFiveDistinctResourcesInAnHour() {
    List<Alert> alerts =
        feed(engine, distinct(25, "resource", 60, "principal", "mallory", "app", "git"));
    assertThat(ids(alerts)).containsExactly("drawbridge.bulk-resource-access");
    assertThat(alerts.get(0).count()).isEqualTo(25);
    assertThat(alerts.get(0).principal()).isEqualTo("mallory");
    assertThat(alerts.get(0).requestIds()).hasSize(20);
  }

  @Test
  void bulkResourceAccessStaysQuietAtTwentyFour() {
    List<Map<String, Object>> events =
        distinct(24, "resource", 60, "principal", "mallory", "app", "git");
    events.add(access(1500, "principal", "mallory", "resource", "resource-0"));
    assertThat(feed(engine, events)).isEmpty();
  }

  @Test
  void bulkDownloadFiresAndLocksAtTenAllowedDownloads() {
    List<Alert> alerts =
        feed(engine, distinct(10, "resource", 30, "principal", "ci-bot", "action", "download"));
    assertThat(ids(alerts)).containsExactly("drawbridge.bulk-download");
    assertThat(alerts.get(0).response()).containsExactly("alert", "lock");
    assertThat(alerts.get(0).lockTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(alerts.get(0).principal()).isEqualTo("ci-bot");
  }

  @Test
  void bulkDownloadStaysQuietAtNineOrWhenDownloadsWereDenied() {
    List<Map<String, Object>> events =
        distinct(9, "resource", 30, "principal", "ci-bot", "action", "download");
    events.add(
        access(
            400, "principal", "ci-bot", "action", "download", "resource", "x", "decision", "deny"));
    assertThat(ids(feed(engine, events))).doesNotContain("drawbridge.bulk-download");
  }

  @Test
  void lateralMovementFiresWhenDeniedOnThreeAppsInFifteenMinutes() {
    List<Alert> alerts =
        feed(engine, distinct(3, "app", 120, "principal", "svc", "decision", "deny"));
    assertThat(ids(alerts)).containsExactly("drawbridge.lateral-movement");
    assertThat(alerts.get(0).response()).contains("lock");
  }

  /**
   * An access event as AccessPipeline records a service token's request: the token's name as
   * principal, on {@code app}, with {@code decision} and {@code reason}.
   */
  private static Map<String, Object> serviceAccess(
      long seconds, String app, String decision, String reason, Object... more) {
    Object[] kv = new Object[14 + more.length];
    Object[] base = {
      "principal", "ci-bot",
      "principal_type", "service",
      "credential_id", "tok-1",
      "app", app,
      "src_ip", "203.0.113.7",
      "decision", decision,
      "reason", reason
    };
    System.arraycopy(base, 0, kv, 0, 14);
    System.arraycopy(more, 0, kv, 14, more.length);
    return access(seconds, kv);
  }

  private static List<Map<String, Object>> deniedOnThreeApps(String reason) {
    return List.of(
        serviceAccess(0, "git", "deny", reason),
        serviceAccess(60, "wiki", "deny", reason),
        serviceAccess(120, "jira", "deny", reason));
  }

  @Test
  void lateralMovementFiresAndLocksForPolicyDenialsOfAnAuthenticatedPrincipal() {
    List<Map<String, Object>> events =
        List.of(
            serviceAccess(0, "git", "deny", "no_policy_matched"),
            serviceAccess(60, "wiki", "deny", "denied_by_policy"),
            serviceAccess(120, "jira", "deny", "app_not_in_scope"));
    List<Alert> alerts = feed(engine, events);
    assertThat(ids(alerts)).containsExactly("drawbridge.lateral-movement");
    assertThat(alerts.get(0).principal()).isEqualTo("ci-bot");
    assertThat(alerts.get(0).locks()).isTrue();
  }

  @Test
  void lateralMovementIgnoresWrongSecretsSentWithAKnownClientId() {
    // anyone who knows ci-bot's client id can send bad secrets; that must not lock ci-bot out
    assertThat(ids(feed(engine, deniedOnThreeApps("bad_secret"))))
        .doesNotContain("drawbridge.lateral-movement");
  }

  @Test
  void lateralMovementIgnoresDenialsOfAnAlreadyLockedPrincipal() {
    assertThat(ids(feed(engine, deniedOnThreeApps("locked"))))
        .doesNotContain("drawbridge.lateral-movement");
  }

  @Test
  void lateralMovementIgnoresStepUpRedirects() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (String app : List.of("git", "wiki", "jira")) {
      events.add(
          access(
              events.size() * 60L,
              "principal",
              "ana@example.com",
              "app",
              app,
              "decision",
              "deny",
              "reason",
              "step_up_required"));
    }
    assertThat(ids(feed(engine, events))).doesNotContain("drawbridge.lateral-movement");
  }

  @Test
  void lateralMovementCountsOnlyThePrincipalsOwnDenials() {
    // two policy denials plus bad secrets and locked denials on other apps: still two apps
    List<Map<String, Object>> events =
        List.of(
            serviceAccess(0, "git", "deny", "no_policy_matched"),
            serviceAccess(30, "wiki", "deny", "no_policy_matched"),
            serviceAccess(60, "jira", "deny", "bad_secret"),
            serviceAccess(90, "ci", "deny", "locked"));
    assertThat(ids(feed(engine, events))).doesNotContain("drawbridge.lateral-movement");
  }

  @Test
  void lateralMovementStaysQuietWhenTheThirdAppComesAfterFifteenMinutes() {
    List<Map<String, Object>> events =
        distinct(3, "app", 451, "principal", "svc", "decision", "deny");
    assertThat(feed(engine, events)).isEmpty();
  }

  @Test
  void serviceAdminActionFiresForAServicePrincipal() {
    List<Alert> alerts =
        engine.onEvent(
            access(0, "principal", "ci-bot", "principal_type", "service", "action", "admin"));
    assertThat(ids(alerts)).containsExactly("drawbridge.service-admin-action");
    assertThat(alerts.get(0).count()).isEqualTo(1);
  }

  @Test
  void serviceAdminActionStaysQuietForAUserAdmin() {
    assertThat(engine.onEvent(access(0, "principal", "ana", "action", "admin"))).isEmpty();
  }

  @Test
  void dormantCredentialReuseFiresAtThirtyIdleDays() {
    assertThat(ids(engine.onEvent(access(0, "principal", "bot", "credential_idle_days", 30))))
        .containsExactly("drawbridge.dormant-credential-reuse");
  }

  @Test
  void dormantCredentialReuseStaysQuietAtTwentyNineIdleDays() {
    assertThat(engine.onEvent(access(0, "principal", "bot", "credential_idle_days", 29.9)))
        .isEmpty();
  }

  @Test
  void credentialNewNetworkFiresForAServiceCredential() {
    assertThat(
            ids(
                engine.onEvent(
                    access(
                        0,
                        "principal",
                        "bot",
                        "principal_type",
                        "service",
                        "credential_idle_days",
                        2,
                        "new_network",
                        true))))
        .containsExactly("drawbridge.credential-new-network");
  }

  @Test
  void credentialNewNetworkGivesTheFirstUseOfANewCredentialAGrace() {
    // never used before: no credential_idle_days, and every network is new to it
    assertThat(
            engine.onEvent(
                access(0, "principal", "bot", "principal_type", "service", "new_network", true)))
        .isEmpty();
  }

  private static Map<String, Object> dormant(Object idleDays, boolean newNetwork, Object... more) {
    Object[] kv = new Object[6 + more.length];
    Object[] base = {"principal_type", "service", "new_network", newNetwork, "principal", "bot"};
    System.arraycopy(base, 0, kv, 0, 6);
    System.arraycopy(more, 0, kv, 6, more.length);
    Map<String, Object> e = access(0, kv);
    if (idleDays != null) {
      e.put("credential_idle_days", idleDays);
    }
    return e;
  }

  @Test
  void dormantCredentialNewNetworkFiresAndLocksForAnIdleCredentialBackFromANewNetwork() {
    List<Alert> alerts =
        engine.onEvent(
            dormant(130, true, "decision", "deny", "reason", "dormant_credential_new_network"));
    assertThat(ids(alerts))
        .contains(
            "drawbridge.dormant-credential-new-network", "drawbridge.dormant-credential-reuse");
    Alert a =
        alerts.stream()
            .filter(x -> x.ruleId().equals("drawbridge.dormant-credential-new-network"))
            .findFirst()
            .orElseThrow();
    assertThat(a.response()).containsExactly("alert", "lock");
    assertThat(a.lockTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(a.principal()).isEqualTo("bot");
    assertThat(a.level()).isEqualTo("high");
  }

  @Test
  void dormantCredentialNewNetworkStaysQuietFromAKnownNetworkAFirstUseOrWhenLocked() {
    assertThat(ids(engine.onEvent(dormant(130, false))))
        .doesNotContain("drawbridge.dormant-credential-new-network");
    assertThat(ids(engine.onEvent(dormant(null, true))))
        .doesNotContain("drawbridge.dormant-credential-new-network");
    assertThat(ids(engine.onEvent(dormant(29, true))))
        .doesNotContain("drawbridge.dormant-credential-new-network");
    assertThat(ids(engine.onEvent(dormant(130, true, "decision", "deny", "reason", "locked"))))
        .doesNotContain("drawbridge.dormant-credential-new-network");
  }

  @Test
  void dormantCredentialNewNetworkThresholdZeroCountsAnyIdleTimeButNotAFirstUse() {
    DetectionEngine e =
        new DetectionEngine(
            BuiltinRules.load(
                new DetectionConfig(
                    List.of(),
                    List.of(),
                    Map.of(
                        BuiltinRules.DORMANT_NEW_NETWORK,
                        Map.of("threshold", 0, "lock_ttl", "2h")))),
            EngineLimits.defaults());
    List<Alert> alerts = e.onEvent(dormant(0, true));
    assertThat(ids(alerts)).contains(BuiltinRules.DORMANT_NEW_NETWORK);
    assertThat(alerts.stream().filter(a -> a.locks()).findFirst().orElseThrow().lockTtl())
        .isEqualTo(Duration.ofHours(2));
    assertThat(ids(e.onEvent(dormant(null, true))))
        .doesNotContain(BuiltinRules.DORMANT_NEW_NETWORK);
  }

  @Test
  void dormantCredentialNewNetworkCanBeDisabled() {
    List<Rule> rules =
        BuiltinRules.load(
            new DetectionConfig(List.of(), List.of(BuiltinRules.DORMANT_NEW_NETWORK), Map.of()));
    assertThat(rules.stream().map(Rule::id)).doesNotContain(BuiltinRules.DORMANT_NEW_NETWORK);
    assertThat(ids(new DetectionEngine(rules, EngineLimits.defaults()).onEvent(dormant(130, true))))
        .doesNotContain(BuiltinRules.DORMANT_NEW_NETWORK);
  }

  @Test
  void aCorrelationThresholdOfZeroIsRefused() {
    assertThatThrownBy(
            () ->
                BuiltinRules.load(
                    new DetectionConfig(
                        List.of(),
                        List.of(),
                        Map.of("drawbridge.bulk-download", Map.of("threshold", 0)))))
        .hasMessageContaining("detection.settings.drawbridge.bulk-download.threshold: 0");
  }

  @Test
  void credentialNewNetworkStaysQuietForUsersAndKnownNetworks() {
    assertThat(engine.onEvent(access(0, "principal", "ana", "new_network", true))).isEmpty();
    assertThat(
            engine.onEvent(
                access(0, "principal", "bot", "principal_type", "service", "new_network", false)))
        .isEmpty();
  }

  @Test
  void exposedCredentialUseFiresForASuspendedOrRevokedTokenAsThePipelineDeniesIt() {
    for (String reason : List.of("credential_suspended", "credential_revoked")) {
      List<Alert> alerts = engine.onEvent(serviceAccess(0, "git", "deny", reason));
      assertThat(ids(alerts)).as(reason).containsExactly("drawbridge.exposed-credential-use");
      assertThat(alerts.get(0).principal()).isEqualTo("ci-bot");
    }
  }

  @Test
  void exposedCredentialUseFiresForAnExposedTokenThatStillWorks() {
    // breach declared with action report: the token stays active, its events carry the mark
    assertThat(
            ids(
                engine.onEvent(
                    serviceAccess(
                        0, "git", "allow", "allowed_by_policy", "credential_exposed", true))))
        .containsExactly("drawbridge.exposed-credential-use");
    assertThat(
            ids(
                engine.onEvent(
                    serviceAccess(
                        0, "wiki", "deny", "no_policy_matched", "credential_exposed", true))))
        .containsExactly("drawbridge.exposed-credential-use");
  }

  @Test
  void exposedCredentialUseStaysQuietForAnUnmarkedCredential() {
    assertThat(engine.onEvent(serviceAccess(0, "git", "allow", "allowed_by_policy"))).isEmpty();
    assertThat(
            engine.onEvent(
                serviceAccess(0, "git", "allow", "allowed_by_policy", "credential_exposed", false)))
        .isEmpty();
  }

  @Test
  void exposedCredentialUseStaysQuietForAnExpiredCredential() {
    assertThat(
            engine.onEvent(
                access(0, "principal", "bot", "decision", "deny", "reason", "credential_expired")))
        .isEmpty();
  }

  @Test
  void deniedBurstFiresAtTwentyDenialsInFiveMinutes() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(access(i * 15, "principal", "eve", "app", "wiki", "decision", "deny"));
    }
    List<Alert> alerts = feed(engine, events);
    assertThat(ids(alerts)).containsExactly("drawbridge.denied-burst");
    assertThat(alerts.get(0).count()).isEqualTo(20);
    assertThat(alerts.get(0).firstTime()).isEqualTo(Events.T0);
  }

  @Test
  void deniedBurstStaysQuietAtNineteenDenials() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      events.add(access(i * 15, "principal", "eve", "app", "wiki", "decision", "deny"));
    }
    assertThat(feed(engine, events)).isEmpty();
  }

  @Test
  void onlyAccessEventsFeedAccessRules() {
    Map<String, Object> admin = access(0, "principal", "bot", "credential_idle_days", 99);
    admin.put("event", "token_created");
    assertThat(engine.onEvent(admin)).isEmpty();
  }

  @Test
  void settingsOverrideThresholdTimespanAndResponse() {
    DetectionConfig cfg =
        new DetectionConfig(
            List.of(),
            List.of("drawbridge.bulk-resource-access"),
            Map.of(
                "drawbridge.bulk-download",
                Map.of("threshold", 3, "timespan", "10m", "lock_ttl", "2h"),
                "drawbridge.dormant-credential-reuse",
                Map.of("threshold", 90),
                "drawbridge.denied-burst",
                Map.of("response", List.of("alert", "lock"))));
    List<Rule> rules = BuiltinRules.load(cfg);
    assertThat(rules.stream().map(Rule::id)).doesNotContain("drawbridge.bulk-resource-access");
    DetectionEngine e = new DetectionEngine(rules, EngineLimits.defaults());
    List<Alert> alerts =
        feed(e, distinct(3, "resource", 60, "principal", "bot", "action", "download"));
    assertThat(ids(alerts)).containsExactly("drawbridge.bulk-download");
    assertThat(alerts.get(0).lockTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(e.onEvent(access(0, "principal", "b", "credential_idle_days", 60))).isEmpty();
    assertThat(ids(e.onEvent(access(0, "principal", "b", "credential_idle_days", 90))))
        .containsExactly("drawbridge.dormant-credential-reuse");
    SigmaCorrelation burst =
        (SigmaCorrelation)
            rules.stream().filter(r -> r.id().equals("drawbridge.denied-burst")).findFirst().get();
    assertThat(burst.response()).containsExactly("alert", "lock");
    assertThat(burst.lockTtl()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void badSettingsNameTheKey() {
    assertThatThrownBy(
            () ->
                BuiltinRules.load(
                    new DetectionConfig(
                        List.of(),
                        List.of(),
                        Map.of("drawbridge.bulk-download", Map.of("treshold", 3)))))
        .hasMessageContaining("detection.settings.drawbridge.bulk-download.treshold");
    assertThatThrownBy(
            () ->
                BuiltinRules.load(
                    new DetectionConfig(
                        List.of(),
                        List.of(),
                        Map.of("drawbridge.service-admin-action", Map.of("threshold", 3)))))
        .hasMessageContaining("detection.settings.drawbridge.service-admin-action.threshold");
    assertThatThrownBy(
            () ->
                BuiltinRules.load(
                    new DetectionConfig(List.of(), List.of("drawbridge.nope"), Map.of())))
        .hasMessageContaining("drawbridge.nope");
  }

  @Test
  void userRulesAreLoadedFromGlobs(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("wiki.yml"),
        "title: wiki admin\nid: user.wiki-admin\nlogsource: {product: drawbridge}\n"
            + "detection:\n  sel: {event: access, app: wiki, path|startswith: /admin}\n"
            + "  condition: sel\n");
    Files.writeString(dir.resolve("notes.txt"), "not a rule");
    List<Rule> rules =
        BuiltinRules.load(new DetectionConfig(List.of(dir + "/*.yml"), List.of(), Map.of()));
    assertThat(rules.stream().map(Rule::id)).contains("user.wiki-admin");
    DetectionEngine e = new DetectionEngine(rules, EngineLimits.defaults());
    assertThat(ids(e.onEvent(access(0, "principal", "ana", "app", "wiki", "path", "/admin/x"))))
        .containsExactly("user.wiki-admin");
  }
}
