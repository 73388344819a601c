package dev.drawbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testkit.HeadlessChromium;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * {@code drawbridge quickstart} as shipped, with real peers: Chromium with a virtual security key
 * enrols at {@code localhost} (public_url, {@code rp_id: localhost}), signs in for {@code
 * wiki.localhost} (which {@code localhost} cannot serve as rp id) and gets the session handed to
 * that host, then reaches {@code git.localhost} without signing in again.
 */
class QuickstartBrowserTest {
  @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium();
  @TempDir static Path dir;
  static Quickstart q;
  static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    q = Quickstart.start(new Quickstart.Options(dir, 0, 0));
    driver = chromium.driver();
  }

  @AfterAll
  static void stop() {
    if (q != null) {
      q.close();
    }
  }

  private static WebDriverWait waitUp() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  @Test
  void enrolsAtPublicUrlSignsInForTheWikiAndReachesGitWithoutSigningInAgain() {
    VirtualAuthenticator key =
        ((HasVirtualAuthenticator) driver)
            .addVirtualAuthenticator(
                new VirtualAuthenticatorOptions()
                    .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                    .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                    .setHasResidentKey(true)
                    .setHasUserVerification(true)
                    .setIsUserVerified(true));
    try {
      assertThat(URI.create(q.enrolUrl()).getHost()).isEqualTo("localhost");
      driver.get(q.enrolUrl());
      driver.findElement(By.id("register")).click();
      waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("continue")));

      driver.get(q.appUrl("wiki") + "");
      waitUp().until(ExpectedConditions.elementToBeClickable(By.id("security-key")));
      assertThat(URI.create(driver.getCurrentUrl()).getHost()).isEqualTo("localhost");
      assertThat(driver.findElement(By.id("app")).getText()).isEqualTo("wiki.localhost");
      driver.findElement(By.id("security-key")).click();
      waitUp().until(ExpectedConditions.titleIs("Wiki"));
      assertThat(driver.getCurrentUrl()).isEqualTo(q.appUrl("wiki").toString());

      driver.get(q.appUrl("git") + "");
      waitUp().until(d -> d.getCurrentUrl().startsWith(q.appUrl("git").toString()));
      assertThat(driver.getTitle()).isEqualTo("Source control");
      assertThat(driver.getPageSource()).doesNotContain("Sign in");
    } catch (RuntimeException | AssertionError e) {
      System.out.println("url: " + driver.getCurrentUrl() + "\n" + driver.getPageSource());
      throw e;
    } finally {
      ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(key);
    }
  }
}
