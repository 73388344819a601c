package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.identity.webauthn.Invites;
import dev.drawbridge.identity.webauthn.SoftwareKey;
import dev.drawbridge.store.TestStores;
import dev.drawbridge.testkit.HeadlessChromium;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
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
 * Debian's Chromium with a WebAuthn virtual authenticator (CTAP2, USB, resident key, user
 * verification): invite → register → log in through the OIDC provider → step-up with the key → the
 * upstream page, whose upstream verifies the assertion; then a key-only login, and a key model
 * refused by {@code allowed_aaguids}.
 */
class WebauthnBrowserTest {
  @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium();
  static MockOAuth2Server idp;
  static ChromeDriver driver;

  @TempDir Path dir;
  @TempDir Path dir2;
  @TempDir Path dirA;
  @TempDir Path dirB;
  @RegisterExtension static final TestStores stores = new TestStores();

  @BeforeAll
  static void start() throws Exception {
    driver = chromium.driver();
    idp = new MockOAuth2Server();
    idp.start();
  }

  @AfterAll
  static void stop() {
    if (idp != null) {
      idp.shutdown();
    }
  }

  private static VirtualAuthenticator securityKey() {
    return ((HasVirtualAuthenticator) driver)
        .addVirtualAuthenticator(
            new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true));
  }

  private static WebDriverWait waitUp() {
    return new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  private static void waitForUpstream(String text) {
    waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("amr"), text));
  }

  @Test
  void inviteRegisterLoginStepUpReachesTheUpstream() throws Exception {
    IdentityStack s =
        new IdentityStack(
            dir,
            Clock.systemUTC(),
            IdentityStack.config(
                List.of(IdentityStack.provider("okta", idp.issuerUrl("okta").uri())),
                true,
                "required",
                List.of()));
    VirtualAuthenticator key = securityKey();
    try {
      Invites.Created inv = s.identity.invites().create("ana@corp.example", List.of("engineering"));
      driver.get(inv.url());
      driver.findElement(By.id("register")).click();
      waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("continue")));
      assertThat(s.auditWithReason("key_registered")).hasSize(1);
      assertThat(s.store.webauthn().byUser("ana@corp.example")).hasSize(1);
      System.out.println(
          "virtual authenticator AAGUID: "
              + s.store.webauthn().byUser("ana@corp.example").get(0).aaguid());

      IdentityStack.enqueueAna(
          idp, Map.of("email", "ana@corp.example", "email_verified", true, "amr", List.of("pwd")));
      driver.get(s.base() + "/wiki/home");
      waitUp().until(ExpectedConditions.elementToBeClickable(By.id("provider-okta"))).click();
      waitForUpstream("amr=[pwd]");
      assertThat(driver.findElement(By.id("hello")).getText()).contains("ana@corp.example");

      driver.get(s.base() + "/admin/settings");
      waitUp().until(ExpectedConditions.elementToBeClickable(By.id("stepup"))).click();
      waitForUpstream("amr=[pwd, hwk]");
      assertThat(driver.findElement(By.id("path")).getText()).isEqualTo("/admin/settings");
      assertThat(s.auditWithReason("step_up").get(0)).containsEntry("idp", "okta");
      assertThat(s.upstream.verified.get(s.upstream.verified.size() - 1).getStringListClaim("amr"))
          .containsExactly("pwd", "hwk");

      driver.get(s.base() + "/.drawbridge/logout");
      waitUp().until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
      waitUp().until(ExpectedConditions.titleIs("Signed out"));
      assertThat(s.auditWithReason("logout")).hasSize(1);
      driver.get(s.base() + "/admin/again");
      waitUp().until(ExpectedConditions.elementToBeClickable(By.id("security-key"))).click();
      waitForUpstream("amr=[hwk]");
      assertThat(driver.findElement(By.id("path")).getText()).isEqualTo("/admin/again");
      var last = s.upstream.verified.get(s.upstream.verified.size() - 1);
      assertThat(last.getStringListClaim("groups")).containsExactly("engineering");
      assertThat(s.audit)
          .anyMatch(m -> "local".equals(m.get("idp")) && "authenticated".equals(m.get("reason")));
    } catch (RuntimeException | AssertionError e) {
      System.out.println("page status: " + driver.findElement(By.id("status")).getText());
      System.out.println("url: " + driver.getCurrentUrl() + " audit: " + s.audit);
      throw e;
    } finally {
      ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(key);
      s.close();
    }
  }

  @Test
  void keyModelOffTheAaguidListIsRefused() throws Exception {
    IdentityStack s =
        new IdentityStack(
            dir2,
            Clock.systemUTC(),
            IdentityStack.config(
                List.of(), true, "required", List.of("cb69481e-8ff7-4039-93ec-0a2729a154a8")));
    VirtualAuthenticator key = securityKey();
    try {
      Invites.Created inv = s.identity.invites().create("eve@corp.example", List.of());
      driver.get(inv.url());
      driver.findElement(By.id("register")).click();
      waitUp()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("status"), "attestation_not_allowed"));
      assertThat(s.auditWithReason("attestation_not_allowed")).hasSize(1);
      assertThat(s.store.webauthn().byUser("eve@corp.example")).isEmpty();
    } finally {
      ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(key);
      s.close();
    }
  }

  /**
   * {@code attestation_roots}: Chromium's virtual authenticator attests with a self-signed "Batch
   * Certificate" (its key is fixed; the certificate is made anew each run). Under another vendor's
   * root its registration is refused as untrusted; under the certificate Chromium sent on an
   * earlier run (a test resource) the same kind of key is registered.
   */
  @Test
  void chromiumsKeyIsRegisteredOnlyUnderItsOwnAttestationRoot() throws Exception {
    Path otherVendor = SoftwareKey.Ca.create("Key Vendor").writePem(dir.resolve("vendor.pem"));
    Path chromium =
        Path.of(getClass().getResource("/chromium-virtual-authenticator-attestation.pem").toURI());
    List<String> model = List.of("01020304-0506-0708-0102-030405060708");
    VirtualAuthenticator key = securityKey();
    try {
      IdentityStack refusing =
          new IdentityStack(
              dir,
              Clock.systemUTC(),
              IdentityStack.config(List.of(), true, "required", model, List.of(otherVendor)));
      try {
        driver.get(refusing.identity.invites().create("eve@corp.example", List.of()).url());
        driver.findElement(By.id("register")).click();
        waitUp()
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("status"), "attestation_untrusted"));
        assertThat(refusing.auditWithReason("attestation_untrusted")).hasSize(1);
        assertThat(refusing.store.webauthn().byUser("eve@corp.example")).isEmpty();
      } finally {
        refusing.close();
      }
      IdentityStack trusting =
          new IdentityStack(
              dir2,
              Clock.systemUTC(),
              IdentityStack.config(List.of(), true, "required", model, List.of(chromium)));
      try {
        driver.get(trusting.identity.invites().create("ana@corp.example", List.of()).url());
        driver.findElement(By.id("register")).click();
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("continue")));
        assertThat(trusting.auditWithReason("key_registered")).hasSize(1);
        assertThat(trusting.store.webauthn().byUser("ana@corp.example"))
            .singleElement()
            .satisfies(k -> assertThat(k.aaguid()).isEqualTo(model.get(0)));
      } finally {
        trusting.close();
      }
    } finally {
      ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(key);
    }
  }

  /**
   * Scale-out (SPEC §8): two gateways on one PostgreSQL behind a balancer that alternates per
   * request. Each ceremony's start and finish land on different gateways, so the challenge must be
   * in the store; the session made by one must be honoured by the other.
   */
  @Test
  void enrolmentAndKeyLoginCrossGatewaysBehindABalancer() throws Exception {
    BalancedPair p =
        new BalancedPair(
            dirA,
            dirB,
            stores.url(TestStores.POSTGRES),
            IdentityStack.config(List.of(), true, "none", List.of()));
    VirtualAuthenticator key = securityKey();
    try {
      Invites.Created inv = p.a.identity.invites().create("bo@corp.example", List.of("ops"));
      assertThat(inv.url()).startsWith(p.base());
      driver.get(inv.url());
      driver.findElement(By.id("register")).click();
      waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.id("continue")));
      assertThat(p.servedBy("POST /.drawbridge/webauthn/register/finish", 0))
          .as("requests: %s", p.balancer.served)
          .isNotEqualTo(p.servedBy("POST /.drawbridge/webauthn/register/start", 0));
      assertThat(p.a.store.webauthn().byUser("bo@corp.example")).hasSize(1);

      int enrolledOn = p.servedBy("POST /.drawbridge/webauthn/register/finish", 0);
      driver.get(p.base() + "/.drawbridge/jwks.json"); // one turn, so the login finishes elsewhere
      int from = p.balancer.served.size();
      driver.get(p.base() + "/admin/keys");
      waitUp().until(ExpectedConditions.elementToBeClickable(By.id("security-key"))).click();
      waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.id("amr"), "amr=[hwk]"));
      assertThat(driver.findElement(By.id("path")).getText()).isEqualTo("/admin/keys");
      assertThat(p.servedBy("POST /.drawbridge/webauthn/login/finish", from))
          .as("requests: %s", p.balancer.served)
          .isNotEqualTo(p.servedBy("POST /.drawbridge/webauthn/login/start", from));
      assertThat(p.servedBy("POST /.drawbridge/webauthn/login/finish", from))
          .as("the key login finishes on the gateway that did not redeem the invite")
          .isNotEqualTo(enrolledOn);
      var assertions = new java.util.ArrayList<>(p.a.upstream.verified);
      assertions.addAll(p.b.upstream.verified);
      assertThat(assertions).isNotEmpty();
      for (var claims : assertions) {
        assertThat(claims.getStringListClaim("groups")).containsExactly("ops");
        assertThat(claims.getStringListClaim("amr")).containsExactly("hwk");
      }
      System.out.println("requests through the balancer: " + p.balancer.served);
    } catch (RuntimeException | AssertionError e) {
      driver
          .findElements(By.id("status"))
          .forEach(x -> System.out.println("status: " + x.getText()));
      System.out.println("url: " + driver.getCurrentUrl() + " requests: " + p.balancer.served);
      throw e;
    } finally {
      ((HasVirtualAuthenticator) driver).removeVirtualAuthenticator(key);
      p.close();
    }
  }
}
