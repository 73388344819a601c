package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testkit.HeadlessChromium;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Chromium signs in through mock-oauth2-server; the provider then sends a logout token for that
 * provider session (signed with the key its JWKS endpoint serves); the browser's next page load
 * goes to the sign-in page.
 */
class BackchannelLogoutBrowserTest {
  @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium();
  @RegisterExtension static final StartedIdp idp = new StartedIdp();

  @TempDir Path dir;

  @Test
  void aLogoutTokenFromTheProviderSendsTheBrowsersNextPageLoadToSignIn() throws Exception {
    try (IdentityStack s =
        new IdentityStack(
            dir,
            Clock.systemUTC(),
            // local users on: the sign-in page lists the providers instead of redirecting at once
            IdentityStack.config(
                List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())),
                true))) {
      ChromeDriver driver = chromium.driver();
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
      IdentityStack.enqueueAna(
          idp.server,
          Map.of("email", "ana@corp.example", "email_verified", true, "sid", "sid-browser"));
      driver.get(s.base() + "/wiki/home");
      wait.until(ExpectedConditions.elementToBeClickable(By.id("provider-okta"))).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hello")));
      driver.get(s.base() + "/wiki/again");
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hello")));
      assertThat(driver.findElement(By.id("hello")).getText()).contains("ana@corp.example");

      String token =
          idp.server
              .issueToken(
                  "okta",
                  "drawbridge",
                  new DefaultOAuth2TokenCallback(
                      "okta",
                      "ana-sub",
                      "logout+jwt",
                      List.of("drawbridge"),
                      Map.of(
                          "sid",
                          "sid-browser",
                          "events",
                          Map.of(BackchannelLogoutTest.EVENT, Map.of())),
                      120))
              .serialize();
      Browserless.Reply r =
          new Browserless()
              .post(
                  s.base() + BackchannelLogoutTest.PATH,
                  "application/x-www-form-urlencoded",
                  "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                  null);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

      driver.get(s.base() + "/wiki/after");
      wait.until(ExpectedConditions.elementToBeClickable(By.id("provider-okta")));
      assertThat(driver.getCurrentUrl()).contains("/.drawbridge/login");
      assertThat(driver.findElements(By.id("hello"))).isEmpty();
    }
  }
}
