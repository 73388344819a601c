package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.drawbridge.identity.webauthn.Invites;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebAuthn endpoints over HTTP, without a browser (see {@code WebauthnBrowserTest}). */
class WebauthnEndpointsTest {
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  @TempDir Path dir;
  IdentityStack stack;

  @BeforeEach
  void start() throws Exception {
    stack = new IdentityStack(dir, Clock.systemUTC(), IdentityStack.config(List.of(), true));
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  @Test
  void inviteLinkOpensTheEnrolmentPageUntilItIsUsed() throws Exception {
    Invites.Created inv =
        stack.identity.invites().create("Ana@Corp.example", List.of("engineering"));
    assertThat(inv.url()).startsWith(stack.base() + "/.drawbridge/webauthn/enroll?token=");
    Browserless b = new Browserless();
    HttpResponse<String> page = b.get(inv.url());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("ana@corp.example").contains("navigator.credentials.create");
    assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
        .contains("script-src 'nonce-");
    assertThat(b.get(inv.url() + "x").statusCode()).isEqualTo(410);

    String token = inv.url().substring(inv.url().indexOf("token=") + 6);
    assertThat(stack.identity.invites().redeem(token)).isTrue();
    assertThat(stack.identity.invites().redeem(token)).isFalse();
    assertThat(b.get(inv.url()).statusCode()).isEqualTo(410);
  }

  @Test
  void registrationOptionsRequireUserVerification() throws Exception {
    Invites.Created inv = stack.identity.invites().create("ana@corp.example", List.of());
    String token = inv.url().substring(inv.url().indexOf("token=") + 6);
    Browserless.Reply r =
        new Browserless()
            .postJson(
                stack.base() + "/.drawbridge/webauthn/register/start",
                "{\"token\":\"" + token + "\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> pk =
        JSONObjectUtils.getJSONObject(
            JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(r.body()), "options"), "publicKey");
    assertThat(JSONObjectUtils.getJSONObject(pk, "rp")).containsEntry("id", "localhost");
    assertThat(JSONObjectUtils.getJSONObject(pk, "authenticatorSelection"))
        .containsEntry("userVerification", "required");
    assertThat(JSONObjectUtils.getJSONObject(pk, "user").get("name")).isEqualTo("ana@corp.example");
    assertThat(
            new Browserless()
                .postJson(
                    stack.base() + "/.drawbridge/webauthn/register/start", "{\"token\":\"nope\"}")
                .statusCode())
        .isEqualTo(410);
  }

  @Test
  void assertionFromAnUnregisteredKeyIsRefused() throws Exception {
    Browserless b = new Browserless();
    Browserless.Reply start = b.postJson(stack.base() + "/.drawbridge/webauthn/login/start", "{}");
    Map<String, Object> s = JSONObjectUtils.parse(start.body());
    String challenge =
        (String)
            JSONObjectUtils.getJSONObject(JSONObjectUtils.getJSONObject(s, "options"), "publicKey")
                .get("challenge");
    byte[] credId = new byte[32];
    new SecureRandom().nextBytes(credId);
    String clientData =
        "{\"type\":\"webauthn.get\",\"challenge\":\""
            + challenge
            + "\",\"origin\":\""
            + stack.base()
            + "\"}";
    ByteBuffer authData = ByteBuffer.allocate(37);
    authData.put(
        MessageDigest.getInstance("SHA-256").digest("localhost".getBytes(StandardCharsets.UTF_8)));
    authData.put((byte) 0x05).putInt(1);
    byte[] sig = new byte[70];
    String id = B64.encodeToString(credId);
    String body =
        "{\"ceremony\":\""
            + s.get("ceremony")
            + "\",\"rd\":\"/\",\"credential\":{\"type\":\"public-key\",\"id\":\""
            + id
            + "\",\"rawId\":\""
            + id
            + "\",\"response\":{\"clientDataJSON\":\""
            + B64.encodeToString(clientData.getBytes(StandardCharsets.UTF_8))
            + "\",\"authenticatorData\":\""
            + B64.encodeToString(authData.array())
            + "\",\"signature\":\""
            + B64.encodeToString(sig)
            + "\"},\"clientExtensionResults\":{}}}";
    Browserless.Reply fin = b.postJson(stack.base() + "/.drawbridge/webauthn/login/finish", body);
    assertThat(fin.statusCode()).isEqualTo(403);
    assertThat(fin.body()).contains("unknown_credential");
    assertThat(stack.auditWithReason("unknown_credential")).hasSize(1);
    assertThat(stack.auditWithReason("unknown_credential").get(0))
        .containsEntry("idp", "local")
        .containsEntry("decision", "deny");
    Browserless.Reply replay =
        b.postJson(stack.base() + "/.drawbridge/webauthn/login/finish", body);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(stack.auditWithReason("state_mismatch")).hasSize(1);
  }

  @Test
  void crossOriginPostsAreRefused() throws Exception {
    Browserless.Reply r =
        new Browserless()
            .postJson(
                stack.base() + "/.drawbridge/webauthn/login/start", "{}", "https://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void stepUpWithoutASessionGoesToLogin() throws Exception {
    HttpResponse<String> r =
        new Browserless().get(stack.base() + "/.drawbridge/webauthn/stepup?rd=%2Fadmin");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("location").orElseThrow())
        .startsWith("/.drawbridge/login?rd=");
  }

  @Test
  void servesTheJwksOnEveryHost() throws Exception {
    HttpResponse<String> r = new Browserless().get(stack.base() + "/.drawbridge/jwks.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("\"kty\":\"EC\"")
        .contains("\"crv\":\"P-256\"")
        .doesNotContain("\"d\"");
  }
}
