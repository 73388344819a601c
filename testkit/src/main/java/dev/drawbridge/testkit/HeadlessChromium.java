package dev.drawbridge.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver, with a profile of its own, for
 * one test class: {@code @RegisterExtension static final HeadlessChromium chromium = new
 * HeadlessChromium();} then {@code chromium.driver()}. Started before the class (the class is
 * skipped when chromedriver is absent), quit and its profile deleted after it. Both come from
 * {@code apt-get install chromium chromium-driver}, which {@code .ci/run} does.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {
  public static final File DRIVER = new File("/usr/bin/chromedriver");

  private ChromeDriver driver;
  private Path profile;

  /** The browser of the running class. */
  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Assumptions.assumeTrue(
        DRIVER.canExecute(),
        "skipped: /usr/bin/chromedriver is absent (apt-get install chromium chromium-driver)");
    profile = Files.createTempDirectory("drawbridge-chromium");
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    driver = new ChromeDriver(service, o);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
    if (profile != null) {
      TempDirs.deleteQuietly(profile); // after quit: Chromium writes its profile until it exits
      profile = null;
    }
  }
}
