package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.testkit.HeadlessChromium;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The web console in Debian's Chromium against a real admin API: sign in with the admin token,
 * revoke a token, lock and unlock a principal, and read the audit log, in which text a client chose
 * (a user agent holding HTML) stays text.
 */
class ConsoleBrowserTest {
  @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium();
  ChromeDriver driver;
  AdminFixture f;

  @BeforeEach
  void open() throws Exception {
    driver = chromium.driver();
    f = new AdminFixture();
  }

  @AfterEach
  void close() throws Exception {
    driver.executeScript("sessionStorage.clear()");
    f.close();
  }

  private String base() {
    return "http://127.0.0.1:" + f.server.port();
  }

  private WebDriverWait waitUp() {
    return new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  private void statusShows(String text) {
    waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), text));
  }

  private void signIn(String token) {
    driver.get(base() + "/#/tokens"); // the console opens on the overview; these tests start here
    WebElement field = waitUp().until(ExpectedConditions.elementToBeClickable(By.id("token")));
    field.sendKeys(token);
    driver.findElement(By.id("signin-button")).click();
  }

  @Test
  void aWrongTokenIsRefusedAndTheRightOneListsTheTokensWhichCanBeRevoked() throws Exception {
    assertThat(f.post("tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}").status())
        .isEqualTo(201);
    signIn("not-the-token");
    statusShows("the admin token was refused");
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();

    signIn(AdminFixture.TOKEN);
    By row = By.cssSelector("#tokens-rows tr[data-name='ci-bot']");
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(row));
    assertThat(driver.findElement(row).getText()).contains("ci-bot", "active", "git");
    driver.findElement(row).findElement(By.xpath(".//button[text()='Revoke']")).click();
    waitUp().until(ExpectedConditions.alertIsPresent()).accept();
    statusShows("ci-bot revoked");
    assertThat(f.get("tokens/ci-bot").json().get("status").asText()).isEqualTo("revoked");
    assertThat(driver.findElement(row).getText()).contains("revoked");
    assertThat(f.auditEvents()).anyMatch(e -> e.get("event").asText().equals("token_revoked"));
  }

  @Test
  void aTokenCreatedAndRotatedInTheConsoleShowsItsSecretOnceAndItWorks() throws Exception {
    signIn(AdminFixture.TOKEN);
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("token-form")));
    driver.findElement(By.id("token-name")).sendKeys("deploy-bot");
    driver.findElement(By.id("token-apps")).sendKeys("git, wiki");
    driver.findElement(By.id("token-expires")).sendKeys("30d");
    driver.findElement(By.id("token-create")).click();
    statusShows("deploy-bot created");
    String id = driver.findElement(By.id("secret-id")).getText();
    String secret = driver.findElement(By.id("secret-value")).getText();
    assertThat(f.works(id, secret)).isTrue();
    assertThat(f.get("tokens/deploy-bot").json().get("apps").toString())
        .isEqualTo("[\"git\",\"wiki\"]");
    assertThat(f.get("tokens/deploy-bot").json().get("expires_at").asText())
        .isEqualTo("2026-12-30T10:00:00Z");

    By row = By.cssSelector("#tokens-rows tr[data-name='deploy-bot']");
    driver.findElement(row).findElement(By.xpath(".//button[text()='Rotate']")).click();
    var prompt = waitUp().until(ExpectedConditions.alertIsPresent());
    prompt.sendKeys("0s");
    prompt.accept();
    statusShows("deploy-bot rotated");
    String rotated = driver.findElement(By.id("secret-value")).getText();
    assertThat(rotated).isNotEqualTo(secret);
    assertThat(f.works(id, rotated)).isTrue();
    assertThat(f.works(id, secret)).as("the old secret, rotated with no grace").isFalse();

    driver.findElement(By.id("token-name")).sendKeys("Bad Name!");
    driver.findElement(By.id("token-apps")).sendKeys("git");
    driver.findElement(By.id("token-create")).click();
    statusShows("name");
    assertThat(f.get("tokens").json()).hasSize(1);

    driver.findElement(By.id("signout")).click();
    assertThat(driver.findElement(By.id("secret")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("secret-value")).getAttribute("textContent")).isEmpty();
  }

  @Test
  void aVendorBreachIsDeclaredAndAUserInvitedFromTheConsole() throws Exception {
    assertThat(
            f.post(
                    "tokens",
                    "{\"name\":\"okta-sync\",\"apps\":[\"git\"],\"labels\":{\"vendor\":\"okta\"}}")
                .status())
        .isEqualTo(201);
    assertThat(f.post("tokens", "{\"name\":\"ci-bot\",\"apps\":[\"git\"]}").status())
        .isEqualTo(201);
    signIn(AdminFixture.TOKEN);
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("breach-form")));
    driver.findElement(By.id("breach-vendor")).sendKeys("okta");
    f.clock.advance(Duration.ofHours(1));
    driver.findElement(By.id("breach-since")).sendKeys("30m"); // after both were issued
    driver.findElement(By.id("breach-button")).click();
    waitUp().until(ExpectedConditions.alertIsPresent()).accept();
    statusShows("breach of okta declared (suspend): 1 token (okta-sync), 0 sessions revoked");
    assertThat(f.get("tokens/okta-sync").json().get("status").asText()).isEqualTo("suspended");
    assertThat(f.get("tokens/ci-bot").json().get("status").asText()).isEqualTo("active");
    driver.findElement(By.cssSelector("nav button[data-view='findings']")).click();
    waitUp()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("findings-rows"), "okta-sync"));
    JsonNode findings = f.get("credentials/audit").json();
    assertThat(driver.findElements(By.cssSelector("#findings-rows tr"))).hasSize(findings.size());
    assertThat(driver.findElement(By.id("findings-rows")).getText())
        .contains("exposed okta-sync named in the breach of okta");

    driver.findElement(By.cssSelector("nav button[data-view='users']")).click();
    driver.findElement(By.id("invite-email")).sendKeys("ana@corp.example");
    driver.findElement(By.id("invite-groups")).sendKeys("engineering, sre");
    driver.findElement(By.id("invite-button")).click();
    statusShows("ana@corp.example invited");
    assertThat(driver.findElement(By.id("invite-url")).getText())
        .isEqualTo("http://127.0.0.1/.drawbridge/webauthn/enrol?invite=abc");
    assertThat(f.invited).containsExactly("ana@corp.example [engineering, sre]");
  }

  @Test
  void aPrincipalIsLockedAndUnlockedFromTheLocksView() throws Exception {
    signIn(AdminFixture.TOKEN);
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    driver.findElement(By.cssSelector("nav button[data-view='locks']")).click();
    driver.findElement(By.id("lock-principal")).sendKeys("mallory@corp.example");
    driver.findElement(By.id("lock-reason")).sendKeys("bulk download");
    driver.findElement(By.id("lock-ttl")).sendKeys("24h");
    driver.findElement(By.id("lock-button")).click();
    statusShows("mallory@corp.example locked");
    assertThat(f.control.locks().lockOf("mallory@corp.example")).isPresent();
    By row = By.cssSelector("#locks-rows tr[data-principal='mallory@corp.example']");
    assertThat(driver.findElement(row).getText()).contains("bulk download");

    driver.findElement(row).findElement(By.tagName("button")).click();
    statusShows("mallory@corp.example unlocked");
    assertThat(f.control.locks().lockOf("mallory@corp.example")).isEmpty();
    assertThat(driver.findElements(row)).isEmpty();

    driver.findElement(By.id("lock-principal")).sendKeys("eve@corp.example");
    driver.findElement(By.id("lock-reason")).sendKeys("x");
    driver.findElement(By.id("lock-ttl")).sendKeys("0s");
    driver.findElement(By.id("lock-button")).click();
    statusShows("ttl: 0s (expected: a duration > 0");
    assertThat(f.control.locks().lockOf("eve@corp.example")).isEmpty();
  }

  @Test
  void auditTextThatAClientChoseIsShownAsTextNeverRunAsHtml() throws Exception {
    String hostile = "<img src=x onerror=\"window.__pwned=1\">curl/8";
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", "access");
    e.put("app", "wiki");
    e.put("method", "GET");
    e.put("host", "wiki.corp.example");
    e.put("path", "/<script>window.__pwned=2</script>");
    e.put("principal", "mallory@corp.example");
    e.put("decision", "deny");
    e.put("reason", "no_policy_matched");
    e.put("status", 403);
    e.put("src_ip", "203.0.113.7");
    e.put("user_agent", hostile);
    f.audit.append(e).get(10, TimeUnit.SECONDS);

    signIn(AdminFixture.TOKEN);
    waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    driver.findElement(By.cssSelector("nav button[data-view='audit']")).click();
    driver.findElement(By.id("audit-principal")).sendKeys("mallory@corp.example");
    driver.findElement(By.id("audit-button")).click();
    By rows = By.cssSelector("#audit-rows tr");
    waitUp().until(ExpectedConditions.numberOfElementsToBe(rows, 1));
    WebElement row = driver.findElement(rows);
    List<WebElement> cells = row.findElements(By.tagName("td"));
    assertThat(cells.get(cells.size() - 1).getText()).isEqualTo(hostile);
    assertThat(row.getText()).contains("/<script>window.__pwned=2</script>", "deny");
    assertThat(row.getAttribute("class")).isEqualTo("deny");
    assertThat(row.findElements(By.tagName("img"))).isEmpty();
    assertThat(row.findElements(By.tagName("script"))).isEmpty();
    assertThat(driver.executeScript("return window.__pwned === undefined")).isEqualTo(true);
  }
}
