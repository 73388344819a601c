package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Built-in and user detection rules on the audit events the real pipeline writes (SPEC §6): an
 * exposed credential is seen, strangers cannot get a token locked, and a lock asked for by a rule
 * that names no principal locks nobody.
 */
class DetectionResponseEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Locks if three principals are denied from one source address: grouped by src_ip. */
  static final String PER_SOURCE_RULE =
      """
      title: Several principals denied from one address
      id: user.per-source-denials
      correlation:
        type: value_count
        rules: [user.denied]
        group-by: [src_ip]
        timespan: 10m
        condition: {field: principal, gte: 3}
      drawbridge: {response: [alert, lock], lock_ttl: 1h}
      ---
      title: Denied
      id: user.denied
      logsource: {product: drawbridge}
      detection:
        sel: {event: access, decision: deny}
        condition: sel
      """;

  /** Asks to lock whoever requests /long-title; its title is longer than a lock reason may be. */
  static final String LONG_TITLE_RULE =
      """
      title: TITLE
      id: user.long-title
      logsource: {product: drawbridge}
      detection:
        sel: {event: access, path: /long-title}
        condition: sel
      drawbridge: {response: [alert, lock], lock_ttl: 1h}
      """
          .replace("TITLE", "Long title ".repeat(50));

  EchoUpstream upstream;
  ServerHarness h;

  /** Every {@code alert_raised} event the audit log writes, in order. */
  final List<Map<String, Object>> raised = new CopyOnWriteArrayList<>();

  /** Every {@code lock} event a rule's response writes, in order. */
  final List<Map<String, Object>> ruleLocks = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start(@TempDir Path rules) throws Exception {
    Files.writeString(rules.resolve("per-source.yml"), PER_SOURCE_RULE);
    Files.writeString(rules.resolve("long-title.yml"), LONG_TITLE_RULE);
    upstream = new EchoUpstream();
    h =
        new ServerHarness(
            """
            server: {listen: 127.0.0.1:0, admin_listen: localhost:0, public_url: http://gw.test}
            data_dir: ${DATA}
            applications:
              - id: git
                hosts: [git.test]
                upstream: UP
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
              - id: wiki
                hosts: [wiki.test]
                upstream: UP
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
              - id: jira
                hosts: [jira.test]
                upstream: UP
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
              - id: docs
                hosts: [docs.test]
                upstream: UP
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
            detection:
              rules: [RULES/*.yml]
            """
                .replace("UP", upstream.url())
                .replace("RULES", rules.toString()));
    h.server
        .audit()
        .addListener(
            r -> {
              if ("alert_raised".equals(r.fields().get("event"))) {
                raised.add(r.fields());
              }
              if ("lock".equals(r.fields().get("event"))
                  && "detection".equals(r.fields().get("actor"))) {
                ruleLocks.add(r.fields());
              }
            });
  }

  @AfterEach
  void stop() {
    h.close();
    upstream.close();
  }

  JsonNode create(String json) throws Exception {
    HttpResponse<String> r = h.admin("POST", "/api/v1/tokens", json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  static String[] creds(JsonNode t, String secret) {
    return new String[] {
      "Drawbridge-Client-Id", t.get("client_id").asText(), "Drawbridge-Client-Secret", secret
    };
  }

  static String[] creds(JsonNode t) {
    return creds(t, t.get("client_secret").asText());
  }

  String alerts() throws Exception {
    return h.admin("GET", "/api/v1/alerts", null).body();
  }

  /** The alert of {@code ruleId} as the admin API lists it. */
  JsonNode alert(String ruleId) throws Exception {
    for (JsonNode a : JSON.readTree(alerts())) {
      if (a.get("rule_id").asText().equals(ruleId)) {
        return a;
      }
    }
    throw new AssertionError("no alert of " + ruleId + " in " + alerts());
  }

  static List<String> strings(Object list) {
    return JSON.convertValue(
        list, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  /** The alert_raised audit event of {@code ruleId}, waiting for the writer to write it. */
  Map<String, Object> alertRaised(String ruleId) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < until) {
      for (Map<String, Object> e : raised) {
        if (ruleId.equals(e.get("rule_id"))) {
          return e;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no alert_raised event of " + ruleId + " in " + raised);
  }

  void reportBreach(String vendor) throws Exception {
    h.clock.advance(Duration.ofHours(1));
    HttpResponse<String> b =
        h.admin(
            "POST",
            "/api/v1/breaches",
            "{\"vendor\":\""
                + vendor
                + "\",\"since\":\""
                + h.clock.instant()
                + "\","
                + "\"action\":\"report\"}");
    assertThat(b.statusCode()).as(b.body()).isIn(200, 201);
  }

  @Test
  void exposedTokenLeftActiveByAReportedBreachRaisesTheExposedCredentialAlert() throws Exception {
    JsonNode t = create("{\"name\":\"okta-sync\",\"apps\":[\"git\"],\"labels\":{\"v\":\"okta\"}}");
    assertThat(h.get("git.test", "/x", creds(t)).statusCode()).isEqualTo(200);
    assertThat(alerts()).doesNotContain("drawbridge.exposed-credential-use");
    reportBreach("okta");
    assertThat(h.get("git.test", "/x", creds(t)).statusCode()).isEqualTo(200);
    List<Map<String, Object>> ev = h.events("okta-sync");
    assertThat(ev.get(ev.size() - 1)).containsEntry("credential_exposed", true);
    assertThat(alerts()).contains("drawbridge.exposed-credential-use");
  }

  @Test
  void exposedTokenTriedFromOutsideItsNetworkRaisesTheExposedCredentialAlert() throws Exception {
    JsonNode t =
        create(
            "{\"name\":\"okta-sync\",\"apps\":[\"git\"],\"labels\":{\"v\":\"okta\"},"
                + "\"cidrs\":[\"198.51.100.0/24\"]}");
    reportBreach("okta");
    assertThat(h.get("git.test", "/x", creds(t)).statusCode()).isEqualTo(403);
    List<Map<String, Object>> ev = h.events("okta-sync");
    assertThat(ev.get(ev.size() - 1))
        .containsEntry("reason", "ip_not_allowed")
        .containsEntry("credential_exposed", true);
    assertThat(alerts()).contains("drawbridge.exposed-credential-use");
  }

  @Test
  void wrongSecretsOnThreeApplicationsDoNotLockTheToken() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\",\"wiki\",\"jira\"]}");
    String secret = t.get("client_secret").asText();
    String wrong = secret.substring(0, secret.length() - 1) + (secret.endsWith("a") ? "b" : "a");
    for (String host : List.of("git.test", "wiki.test", "jira.test")) {
      assertThat(h.get(host, "/x", creds(t, wrong)).statusCode()).as(host).isEqualTo(401);
    }
    assertThat(h.events("ci-bot"))
        .allSatisfy(e -> assertThat(e).containsEntry("reason", "bad_secret"));
    assertThat(alerts()).doesNotContain("drawbridge.lateral-movement");
    assertThat(h.get("git.test", "/x", creds(t)).statusCode()).isEqualTo(200);
  }

  @Test
  void aLockFromARuleNotGroupedByPrincipalLocksNobody() throws Exception {
    JsonNode a = create("{\"name\":\"bot-a\",\"apps\":[\"git\"]}");
    JsonNode b = create("{\"name\":\"bot-b\",\"apps\":[\"git\"]}");
    JsonNode c = create("{\"name\":\"bot-c\",\"apps\":[\"git\"]}");
    Logger log = (Logger) LoggerFactory.getLogger(DetectionBridge.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    for (JsonNode t : List.of(a, b, c)) {
      assertThat(h.get("wiki.test", "/x", creds(t)).statusCode()).isEqualTo(403);
    }
    assertThat(alerts()).contains("user.per-source-denials");
    assertThat(h.get("git.test", "/x", creds(c)).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(h.admin("GET", "/api/v1/locks", null).body()).toString())
        .doesNotContain("bot-");
    log.detachAppender(logged);
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(m -> assertThat(m).contains("user.per-source-denials", "nobody was locked"));
  }

  @Test
  void anAlertWhoseLockLockedNobodySaysItOnlyAlerted() throws Exception {
    for (String name : List.of("bot-a", "bot-b", "bot-c")) {
      JsonNode t = create("{\"name\":\"" + name + "\",\"apps\":[\"git\"]}");
      assertThat(h.get("wiki.test", "/x", creds(t)).statusCode()).isEqualTo(403);
    }
    JsonNode stored = alert("user.per-source-denials");
    assertThat(stored.get("principal").isNull()).as(stored.toString()).isTrue();
    assertThat(strings(stored.get("response"))).containsExactly("alert");
    assertThat(stored.has("lock_ttl")).as(stored.toString()).isFalse();
    Map<String, Object> event = alertRaised("user.per-source-denials");
    assertThat(strings(event.get("response"))).containsExactly("alert");
    assertThat(event).doesNotContainKey("lock_ttl");
  }

  @Test
  void anAlertWhoseLockLockedThePrincipalSaysItAlertedAndLocked() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    for (String host : List.of("wiki.test", "jira.test", "docs.test")) {
      assertThat(h.get(host, "/x", creds(t)).statusCode()).as(host).isEqualTo(403);
    }
    assertThat(h.get("git.test", "/x", creds(t)).statusCode()).isEqualTo(403);
    JsonNode stored = alert("drawbridge.lateral-movement");
    assertThat(stored.get("principal").asText()).isEqualTo("ci-bot");
    assertThat(strings(stored.get("response"))).containsExactly("alert", "lock");
    assertThat(stored.get("lock_ttl").asText()).isEqualTo("PT24H");
    Map<String, Object> event = alertRaised("drawbridge.lateral-movement");
    assertThat(strings(event.get("response"))).containsExactly("alert", "lock");
  }

  @Test
  void aRuleWithALongTitleStillLocksWithItsReasonCut() throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    assertThat(h.get("git.test", "/long-title", creds(t)).statusCode()).isEqualTo(200);
    JsonNode stored = alert("user.long-title");
    assertThat(strings(stored.get("response"))).containsExactly("alert", "lock");
    assertThat(h.get("git.test", "/x", creds(t)).statusCode()).isEqualTo(403);
  }

  @Test
  void aRuleLockOverAnOperatorsLockUntilUnlockedSaysTheOperatorsLockStaysInForce()
      throws Exception {
    JsonNode t = create("{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    HttpResponse<String> l =
        h.admin("POST", "/api/v1/locks", "{\"principal\":\"ci-bot\",\"reason\":\"incident\"}");
    assertThat(l.statusCode()).as(l.body()).isEqualTo(201);
    // the locked token keeps trying: the long-title rule matches its (denied) request and locks
    assertThat(h.get("git.test", "/long-title", creds(t)).statusCode()).isEqualTo(403);
    alert("user.long-title");
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !ruleLocks.isEmpty());
    Map<String, Object> e = ruleLocks.get(0);
    assertThat(e.get("principal")).isEqualTo("ci-bot");
    assertThat(e.get("ttl_seconds")).isEqualTo(3600);
    assertThat(e).containsEntry("expires_at", null).containsEntry("kept_existing", true);
    JsonNode lock = JSON.readTree(h.admin("GET", "/api/v1/locks", null).body()).get(0);
    assertThat(lock.get("reason").asText()).isEqualTo("incident");
  }
}
