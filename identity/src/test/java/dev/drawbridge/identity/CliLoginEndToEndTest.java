package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drawbridge login}'s browser half through a real gateway and identity provider: the sign-in
 * link sends the browser through the ordinary OIDC sign-in and back, the page then offers the
 * session to the CLI's loopback port only, and the session it hands over authenticates a request
 * made without the browser (what {@code drawbridge connect} does with it).
 */
class CliLoginEndToEndTest {
  @RegisterExtension static final StartedIdp idp = new StartedIdp();

  @TempDir Path dir;

  @Test
  void theSignInLinkSignsInThenHandsTheSessionToTheLoopbackPortAndItWorksForTheCli()
      throws Exception {
    try (IdentityStack s =
        new IdentityStack(
            dir,
            Clock.systemUTC(),
            IdentityStack.config(
                List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())),
                false))) {
      IdentityStack.enqueueAna(idp.server);
      Browserless b = new Browserless();
      HttpResponse<String> page =
          b.follow(s.base() + "/.drawbridge/cli-login?port=45678&state=abcdefghijklmnopqrstuvwx");
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      assertThat(b.hops.get(0)).startsWith(s.base() + "/.drawbridge/login?rd=");
      assertThat(page.body())
          .contains("ana@corp.example")
          .contains("action=\"http://127.0.0.1:45678/callback\"")
          .contains("value=\"abcdefghijklmnopqrstuvwx\"");
      assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
          .contains("form-action http://127.0.0.1:45678/callback");
      Matcher m = Pattern.compile("name=session value=\"([^\"]+)\"").matcher(page.body());
      assertThat(m.find()).isTrue();
      String cookie = m.group(1);

      HttpClient cli = HttpClient.newHttpClient(); // no cookie jar: only what the CLI kept
      HttpResponse<String> r =
          cli.send(
              HttpRequest.newBuilder(URI.create(s.base() + "/docs/page"))
                  .header("Cookie", cookie)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("hello ana@corp.example");
    }
  }
}
