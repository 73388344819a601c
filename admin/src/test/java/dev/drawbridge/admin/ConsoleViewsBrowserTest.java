package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.testkit.HeadlessChromium;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's views in Chromium against a real admin API: the overview, alerts grouped and
 * acknowledged, the audit log with every event type and paging, applications with a tested request,
 * sessions listed, filtered and revoked, deep links to every view and filter, the 400 px layout,
 * the keyboard, and axe-core.
 */
class ConsoleViewsBrowserTest {
  @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium();
  static final List<String> VIEWS =
      List.of(
          "overview",
          "tokens",
          "locks",
          "alerts",
          "audit",
          "findings",
          "incident",
          "applications",
          "users",
          "sessions");
  ChromeDriver driver;
  AdminFixture f;

  @BeforeEach
  void open() throws Exception {
    driver = chromium.driver();
    driver.manage().window().setSize(new Dimension(1280, 900));
    f = new AdminFixture();
  }

  @AfterEach
  void close() throws Exception {
    driver.executeScript("sessionStorage.clear()");
    driver.manage().window().setSize(new Dimension(1280, 900));
    f.close();
  }

  private String base() {
    return "http://127.0.0.1:" + f.server.port() + "/";
  }

  private WebDriverWait waitUp() {
    return new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  private void statusShows(String text) {
    waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), text));
  }

  /** Signs in at {@code hash} (a deep link), which the console opens once signed in. */
  private void openAt(String hash) {
    driver.get(base() + hash);
    waitUp()
        .until(ExpectedConditions.elementToBeClickable(By.id("token")))
        .sendKeys(AdminFixture.TOKEN);
    driver.findElement(By.id("signin-button")).click();
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
  }

  private void access(String principal, String app, String decision, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", "access");
      e.put("app", app);
      e.put("method", "GET");
      e.put("host", app + ".corp.example");
      e.put("path", "/page/" + i);
      e.put("principal", principal);
      e.put("principal_type", principal.contains("@") ? "user" : "service");
      e.put("decision", decision);
      e.put("reason", decision.equals("allow") ? "policy_allowed" : "no_policy_matched");
      e.put("status", decision.equals("allow") ? 200 : 403);
      e.put("src_ip", "203.0.113.7");
      f.audit.append(e).get(10, TimeUnit.SECONDS);
    }
  }

  private void alert(String id, String rule, String level, String principal) {
    Instant t = f.clock.instant();
    f.control
        .alerts()
        .save(
            id,
            t,
            rule,
            principal,
            "{\"id\":\""
                + id
                + "\",\"time\":\""
                + t
                + "\",\"rule_id\":\""
                + rule
                + "\",\"title\":\"t\",\"level\":\""
                + level
                + "\",\"principal\":\""
                + principal
                + "\",\"count\":3,\"response\":[\"alert\"]}");
  }

  @Test
  void theOverviewChartsRequestsDenialsAndAlertsAndListsLocksAlertsAndCredentials()
      throws Exception {
    access("ana@corp.example", "wiki", "allow", 5);
    access("mallory@corp.example", "git", "deny", 3);
    alert("a1", "drawbridge.bulk-download", "high", "mallory@corp.example");
    assertThat(
            f.post("locks", "{\"principal\":\"mallory@corp.example\",\"reason\":\"bulk\"}")
                .status())
        .isEqualTo(201);
    openAt("#/overview");
    waitUp()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("status"), "8 requests in the period"));
    WebElement chart = driver.findElement(By.cssSelector("#overview-chart svg"));
    assertThat(chart.findElements(By.cssSelector("rect.bar-den"))).hasSize(24);
    assertThat(chart.findElements(By.cssSelector("circle.mark-alert"))).hasSize(1);
    assertThat(driver.findElement(By.id("overview-alerts")).getText()).contains("high 1");
    WebElement lock = driver.findElement(By.cssSelector("#overview-locks a"));
    assertThat(lock.getText()).isEqualTo("mallory@corp.example");
    assertThat(lock.getAttribute("href")).endsWith("#/incident?principal=mallory%40corp.example");
    // every label of the chart stays inside its frame
    Object outside =
        driver.executeScript(
            "const s=document.querySelector('#overview-chart svg').getBoundingClientRect();"
                + "return [...document.querySelectorAll('#overview-chart text')].filter(t=>{"
                + "const r=t.getBoundingClientRect();return r.left<s.left-1||r.right>s.right+1"
                + "||r.top<s.top-1||r.bottom>s.bottom+1}).length");
    assertThat(((Number) outside).intValue()).isZero();
  }

  @Test
  void alertsAreGroupedColouredByLevelAndAcknowledgedOnRecord() throws Exception {
    alert("a1", "drawbridge.bulk-download", "high", "mallory@corp.example");
    alert("a2", "drawbridge.bulk-download", "high", "mallory@corp.example");
    alert("a3", "drawbridge.denied-burst", "medium", "eve@corp.example");
    openAt("#/alerts?by=ops%40corp.example");
    statusShows("2 alert groups, 3 open");
    List<WebElement> rows = driver.findElements(By.cssSelector("#alerts-rows tr"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getAttribute("class")).isEqualTo("lvl-high");
    assertThat(rows.get(0).getText()).contains("drawbridge.bulk-download", "high", "mallory");
    assertThat(rows.get(0).findElements(By.tagName("td")).get(4).getText()).isEqualTo("2");
    assertThat(rows.get(1).getAttribute("class")).isEqualTo("lvl-medium");
    assertThat(driver.findElement(By.id("alerts-by")).getAttribute("value"))
        .isEqualTo("ops@corp.example");

    rows.get(0).findElement(By.xpath(".//button[text()='Acknowledge']")).click();
    statusShows("drawbridge.bulk-download acknowledged");
    List<JsonNode> acks =
        f.auditEvents().stream()
            .filter(e -> e.get("event").asText().equals("alert_acknowledged"))
            .toList();
    assertThat(acks).hasSize(2);
    assertThat(acks.get(0).at("/details/by").asText()).isEqualTo("ops@corp.example");
    assertThat(acks.get(0).get("time").asText()).isEqualTo("2026-11-30T10:00:00.000Z");
    WebElement acked =
        driver.findElement(By.xpath("//tbody[@id='alerts-rows']/tr[contains(., 'bulk-download')]"));
    assertThat(acked.getAttribute("class")).contains("acked");
    assertThat(acked.getText()).contains("ops@corp.example");

    driver.get(base() + "#/alerts?open=1");
    statusShows("1 alert group, 1 open");
    assertThat(driver.findElement(By.id("alerts-open")).isSelected()).isTrue();
  }

  @Test
  void theAuditLogShowsEveryEventTypeFiltersFromTheUrlAndPages() throws Exception {
    assertThat(f.post("tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}").status())
        .isEqualTo(201);
    access("eve@corp.example", "wiki", "deny", 130);
    openAt("#/audit?event=token_created");
    statusShows("1 event");
    WebElement row = driver.findElement(By.cssSelector("#audit-rows tr"));
    assertThat(row.getText()).contains("token_created", "ci-bot");
    assertThat(driver.findElement(By.id("audit-event")).getAttribute("value"))
        .isEqualTo("token_created");

    driver.get(base() + "#/audit?principal=eve%40corp.example&decision=deny");
    statusShows("100 events, more on the next page");
    assertThat(driver.findElements(By.cssSelector("#audit-rows tr"))).hasSize(100);
    driver.findElement(By.id("audit-next")).click();
    statusShows("30 events (a later page)");
    assertThat(driver.getCurrentUrl()).contains("after=").contains("principal=eve");
    assertThat(driver.findElement(By.id("audit-next")).isEnabled()).isFalse();
    // each event links to its principal's incident
    WebElement who = driver.findElement(By.cssSelector("#audit-rows tr a"));
    who.click();
    waitUp().until(ExpectedConditions.urlContains("#/incident?principal=eve%40corp.example"));
    waitUp()
        .until(
            ExpectedConditions.attributeToBe(
                By.id("incident-principal"), "value", "eve@corp.example"));
  }

  @Test
  void applicationsShowTheirPoliciesAndATestedRequestIsExplained() throws Exception {
    openAt("#/applications");
    statusShows("2 applications");
    assertThat(driver.findElement(By.id("applications-list")).getText())
        .contains("engineers", "include group: engineering", "ci-bot", "require ip: 127.0.0.0/8");
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("explain-app")))
        .selectByValue("wiki");
    driver.findElement(By.id("explain-who")).sendKeys("ana@corp.example");
    driver.findElement(By.id("explain-groups")).sendKeys("engineering");
    driver.findElement(By.id("explain-path")).sendKeys("/display/ENG");
    driver.findElement(By.id("explain-button")).click();
    waitUp()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("explain-decision"), "allow by engineers"));
    assertThat(driver.getCurrentUrl()).contains("#/applications?app=wiki").contains("path=");
    // the same request as a deep link, without the group: denied, and the trace says why
    driver.get(base() + "#/applications?app=wiki&who=ana%40corp.example&path=%2Fdisplay%2FENG");
    waitUp()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("explain-decision"), "deny"));
    assertThat(driver.findElement(By.id("explain-trace")).getText()).contains("engineers");
  }

  @Test
  void aTokenCreatedWithLabelsAndAnOwnerShowsThem() throws Exception {
    openAt("#/tokens");
    driver.findElement(By.id("token-name")).sendKeys("okta-sync");
    driver.findElement(By.id("token-apps")).sendKeys("git");
    driver.findElement(By.id("token-owner")).sendKeys("it@corp.example");
    driver.findElement(By.id("token-labels")).sendKeys("vendor=okta, team=it");
    driver.findElement(By.id("token-create")).click();
    statusShows("okta-sync created");
    JsonNode t = f.get("tokens/okta-sync").json();
    assertThat(t.at("/labels/vendor").asText()).isEqualTo("okta");
    assertThat(t.at("/labels/team").asText()).isEqualTo("it");
    assertThat(t.get("owner").asText()).isEqualTo("it@corp.example");
    assertThat(
            driver.findElement(By.cssSelector("#tokens-rows tr[data-name='okta-sync']")).getText())
        .contains("vendor=okta", "it@corp.example");
  }

  @Test
  void everyViewHasADeepLinkAndTheKeyboardMovesBetweenViews() throws Exception {
    openAt("#/overview");
    for (String view : VIEWS) {
      driver.get(base() + "#/" + view);
      waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id(view)));
      assertThat(
              driver
                  .findElement(By.cssSelector("nav button[data-view='" + view + "']"))
                  .getAttribute("aria-current"))
          .isEqualTo("page");
      for (String other : VIEWS) {
        if (!other.equals(view)) {
          assertThat(driver.findElement(By.id(other)).isDisplayed()).as(other).isFalse();
        }
      }
    }
    WebElement locks = driver.findElement(By.cssSelector("nav button[data-view='locks']"));
    driver.executeScript("arguments[0].focus()", locks);
    locks.sendKeys(Keys.TAB);
    driver.switchTo().activeElement().sendKeys(Keys.ENTER); // the next nav button: alerts
    waitUp().until(ExpectedConditions.urlContains("#/alerts"));
    assertThat(driver.findElement(By.id("alerts")).isDisplayed()).isTrue();
  }

  private SessionManager.NewSession session(String email, String idp) {
    return f.sessions.create(email, List.of("engineering"), idp, List.of("pwd"), f.clock.instant());
  }

  @Test
  void theSessionsViewListsFiltersFromTheUrlAndRevokesOnlyAfterConfirming() throws Exception {
    SessionManager.NewSession ana = session("ana@corp.example", "okta");
    SessionManager.NewSession bob = session("bob@corp.example", "local");
    String anaRow = "#sessions-rows tr[data-id='" + ana.session().id() + "']";
    String bobRow = "#sessions-rows tr[data-id='" + bob.session().id() + "']";
    openAt("#/sessions?principal=ana%40corp.example");
    statusShows("1 active session of ana@corp.example");
    assertThat(driver.findElement(By.id("sessions-principal")).getAttribute("value"))
        .isEqualTo("ana@corp.example");
    assertThat(driver.findElement(By.cssSelector(anaRow)).getText())
        .contains("ana@corp.example", "okta", "pwd", ana.session().id().substring(0, 12));
    assertThat(driver.findElements(By.cssSelector(bobRow))).isEmpty();
    assertThat(driver.getPageSource())
        .doesNotContain(ana.cookieValue())
        .doesNotContain(bob.cookieValue());

    WebElement filter = driver.findElement(By.id("sessions-principal"));
    filter.clear();
    filter.sendKeys(Keys.ENTER); // the filter by keyboard: everyone
    waitUp().until(ExpectedConditions.urlMatches("#/sessions$"));
    statusShows("2 active sessions");
    assertThat(driver.findElement(By.cssSelector(bobRow)).getText()).contains("bob@corp.example");

    WebElement revoke = driver.findElement(By.cssSelector(anaRow + " button"));
    assertThat(revoke.getAttribute("aria-label")).isEqualTo("Revoke session of ana@corp.example");
    revoke.sendKeys(Keys.ENTER); // by keyboard
    waitUp().until(ExpectedConditions.alertIsPresent()).dismiss();
    Thread.sleep(300); // a request, had one been sent, would have been answered by now
    assertThat(f.get("sessions").json()).hasSize(2);

    driver.findElement(By.cssSelector(anaRow + " button")).sendKeys(Keys.ENTER);
    waitUp().until(ExpectedConditions.alertIsPresent()).accept();
    statusShows("session of ana@corp.example revoked");
    assertThat(driver.findElements(By.cssSelector(anaRow))).isEmpty();
    assertThat(driver.findElements(By.cssSelector(bobRow))).hasSize(1);
    assertThat(
            f.sessions
                .check(
                    new DefaultHttpHeaders()
                        .add("cookie", "drawbridge_session=" + ana.cookieValue()),
                    false,
                    f.clock.instant())
                .session())
        .isEmpty();
    JsonNode left = f.get("sessions").json();
    assertThat(left).hasSize(1);
    assertThat(left.get(0).get("id").asText()).isEqualTo(bob.session().id());
  }

  @Test
  void at400PixelsTheSessionsRevokeButtonIsOnScreen() throws Exception {
    SessionManager.NewSession ana = session("ana.with.a.rather.long.address@corp.example", "okta");
    openAt("#/sessions");
    driver.manage().window().setSize(new Dimension(400, 800));
    statusShows("1 active session");
    WebElement revoke =
        driver.findElement(
            By.cssSelector("#sessions-rows tr[data-id='" + ana.session().id() + "'] button"));
    Number right =
        (Number) driver.executeScript("return arguments[0].getBoundingClientRect().right", revoke);
    long inner = (Long) driver.executeScript("return document.documentElement.clientWidth");
    assertThat(right.doubleValue()).isLessThanOrEqualTo(inner);
  }

  @Test
  void at400PixelsNoViewOverflowsTheBodyHorizontally() throws Exception {
    session("eve@corp.example", "okta");
    access("eve@corp.example", "wiki", "deny", 3);
    alert("a1", "drawbridge.bulk-download", "high", "eve@corp.example");
    openAt("#/overview");
    driver.manage().window().setSize(new Dimension(400, 800));
    long inner = (Long) driver.executeScript("return window.innerWidth");
    assertThat(inner).isLessThanOrEqualTo(400);
    for (String view : VIEWS) {
      driver.get(
          base() + "#/" + view + (view.equals("incident") ? "?principal=eve%40corp.example" : ""));
      waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id(view)));
      Thread.sleep(300); // let the view's data arrive and lay out
      Object overflow =
          driver.executeScript(
              "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
      assertThat(((Number) overflow).intValue()).as(view).isLessThanOrEqualTo(0);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void axeFindsNoSeriousOrCriticalViolationsInAnyView() throws Exception {
    session("eve@corp.example", "okta");
    access("eve@corp.example", "wiki", "deny", 3);
    alert("a1", "drawbridge.bulk-download", "high", "eve@corp.example");
    String axe;
    try (InputStream in = getClass().getResourceAsStream("/axe/axe.min.js")) {
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    openAt("#/overview");
    for (String view : VIEWS) {
      driver.get(base() + "#/" + view);
      waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id(view)));
      Thread.sleep(300);
      if (!(Boolean) driver.executeScript("return typeof window.axe !== 'undefined'")) {
        driver.executeScript(axe);
      }
      Object result =
          driver.executeAsyncScript(
              "const done = arguments[arguments.length - 1];"
                  + "axe.run(document).then(r => done(r.violations"
                  + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                  + ".map(v => v.id + ': ' + v.help + ' ' + v.nodes.map(n => n.target).join(' '))))"
                  + ".catch(e => done(['axe failed: ' + e]));");
      assertThat((List<String>) result).as(view).isEmpty();
    }
  }

  @Test
  void theIncidentViewLeadsWithTheHeadlineAndDrawsTheTimelineWithTheLock() throws Exception {
    access("eve@corp.example", "wiki", "allow", 2);
    access("eve@corp.example", "git", "deny", 1);
    assertThat(
            f.post("locks", "{\"principal\":\"eve@corp.example\",\"reason\":\"x\",\"ttl\":\"24h\"}")
                .status())
        .isEqualTo(201);
    openAt("#/incident?principal=eve%40corp.example&since=1h&until=2026-11-30T10:00:01Z");
    waitUp()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("incident-summary"), "3 requests (2 allowed, 1 denied)"));
    assertThat(driver.findElement(By.id("incident-headline")).getText())
        .contains("What left: nothing was downloaded.", "Attempted and denied: 1 request on git");
    WebElement chart = driver.findElement(By.cssSelector("#incident-chart svg"));
    assertThat(chart.findElements(By.cssSelector("circle.dot-allow"))).hasSize(2);
    assertThat(chart.findElements(By.cssSelector("path.dot-deny"))).hasSize(1);
    assertThat(chart.findElements(By.cssSelector("line.lock"))).hasSize(1);
    assertThat(chart.findElement(By.cssSelector("text.lock-label")).getText())
        .startsWith("lock took effect");
    assertThat(driver.findElement(By.id("incident-steps")).getText())
        .contains("The lock on eve@corp.example expires at");
  }
}
