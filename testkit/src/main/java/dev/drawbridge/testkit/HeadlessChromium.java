package dev.drawbridge.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver, with a profile of its own that
 * {@link #close} deletes. Both come from {@code apt-get install chromium chromium-driver}, which
 * {@code .ci/run} does.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final File DRIVER = new File("/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts the browser; skips the calling test (an assumption) when chromedriver is absent. */
  public static HeadlessChromium start() throws IOException {
    Assumptions.assumeTrue(
        DRIVER.canExecute(),
        "skipped: /usr/bin/chromedriver is absent (apt-get install chromium chromium-driver)");
    Path profile = Files.createTempDirectory("drawbridge-chromium");
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
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, o);
    } catch (RuntimeException e) {
      TempDirs.deleteQuietly(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new HeadlessChromium(driver, profile);
  }

  @Override
  public void close() {
    driver.quit();
    TempDirs.deleteQuietly(profile); // after quit: Chromium writes its profile until it exits
  }
}
