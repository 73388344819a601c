package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.testkit.HeadlessChromium;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's incident view on a real server (gateway, audit log, incident reporter, admin API)
 * in Chromium: what a token touched, from the audit log, and one click to lock it, which the very
 * next request through the gateway meets.
 */
class ConsoleIncidentBrowserTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium();
  ChromeDriver driver;
  EchoUpstream upstream;
  ServerHarness h;

  @BeforeEach
  void start() throws Exception {
    driver = chromium.driver();
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
                resources:
                  - {match: "/scm/{project}/{repo}.git/**", id: "{project}/{repo}"}
                actions:
                  - {name: download, paths: ["/scm/*/*.git/git-upload-pack"], methods: [POST]}
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
              - id: wiki
                hosts: [wiki.test]
                upstream: UP
                policies:
                  - {name: ci, decision: allow, include: [{any_service_token: true}]}
            detection:
              # any reuse alerts, so that the token's second request raises an alert to start from
              settings: {drawbridge.dormant-credential-reuse: {threshold: 0}}
            """
                .replace("UP", upstream.url()));
  }

  @AfterEach
  void stop() {
    driver.executeScript("sessionStorage.clear()");
    h.close();
    upstream.close();
  }

  private WebDriverWait waitUp() {
    return new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  private List<WebElement> rows(String tbody) {
    return driver.findElements(By.cssSelector("#" + tbody + " tr"));
  }

  @Test
  void fromAnAlertTheIncidentViewShowsWhatTheTokenTouchedAndOneClickLocksIt() throws Exception {
    HttpResponse<String> made =
        h.admin("POST", "/api/v1/tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode t = JSON.readTree(made.body());
    String[] creds = {
      "Drawbridge-Client-Id",
      t.get("client_id").asText(),
      "Drawbridge-Client-Secret",
      t.get("client_secret").asText()
    };
    assertThat(h.get("git.test", "/scm/eng/api.git/info/refs", creds).statusCode()).isEqualTo(200);
    assertThat(h.post("git.test", "/scm/eng/api.git/git-upload-pack", creds).statusCode())
        .isEqualTo(200);
    assertThat(h.get("git.test", "/scm/eng/web.git/info/refs", creds).statusCode()).isEqualTo(200);
    assertThat(h.get("wiki.test", "/secret", creds).statusCode()).isEqualTo(403);
    h.clock.advance(Duration.ofMinutes(1)); // the report's window ends now

    driver.get("http://localhost:" + h.server.adminPort() + "/");
    waitUp()
        .until(ExpectedConditions.elementToBeClickable(By.id("token")))
        .sendKeys(h.server.adminToken());
    driver.findElement(By.id("signin-button")).click();
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    // from the alert the second request raised (a credential reused) to the report; the first use
    // of a new token raises no credential-new-network alert (grace)
    driver.findElement(By.cssSelector("nav button[data-view='alerts']")).click();
    By alert = By.xpath("//tbody[@id='alerts-rows']/tr[contains(., 'dormant-credential-reuse')]");
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(alert));
    driver.findElement(alert).findElement(By.tagName("button")).click();
    waitUp()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("incident-summary"), "4 requests (3 allowed, 1 denied)"));
    assertThat(driver.findElement(By.id("incident-summary")).getText())
        .contains("2 resources viewed, 1 downloaded");
    assertThat(rows("incident-resources"))
        .extracting(WebElement::getText)
        .containsExactlyInAnyOrder("git eng/api 1 1", "git eng/web 1 0");
    assertThat(rows("incident-denied"))
        .singleElement()
        .extracting(WebElement::getText)
        .isEqualTo("wiki /secret app_not_in_scope 1");
    assertThat(rows("incident-timeline")).hasSize(4);

    driver.findElement(By.id("incident-lock")).click();
    waitUp()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "ci-bot locked"));
    assertThat(driver.findElement(By.id("incident-lock")).isDisplayed()).isFalse();
    assertThat(rows("incident-alerts"))
        .anyMatch(r -> r.getText().contains("lock incident response (console)"));
    assertThat(h.get("git.test", "/scm/eng/api.git/info/refs", creds).statusCode()).isEqualTo(403);
    List<Map<String, Object>> ev = h.events("ci-bot");
    assertThat(ev.get(ev.size() - 1)).containsEntry("reason", "locked");
  }
}
