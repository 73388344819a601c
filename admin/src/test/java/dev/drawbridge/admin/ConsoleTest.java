package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's files over plain HTTP: served without the token, with a strict policy. */
class ConsoleTest {
  static AdminFixture f;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    f = new AdminFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndItsScriptAreServedWithoutTheTokenUnderAStrictContentSecurityPolicy()
      throws Exception {
    HttpResponse<String> page = send("GET", "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.body()).contains("<script src=\"/console.js\" defer></script>");
    assertThat(page.body()).doesNotContain("<script>", "onclick=", AdminFixture.TOKEN);

    HttpResponse<String> js = send("GET", "/console.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.body()).contains("textContent").doesNotContain("innerHTML");
    assertThat(send("GET", "/console.css").statusCode()).isEqualTo(200);
    assertThat(send("HEAD", "/console").statusCode()).isEqualTo(200);
  }

  @Test
  void everythingElseStillNeedsTheToken() throws Exception {
    assertThat(send("POST", "/").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/tokens").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/console.js.map").statusCode()).isEqualTo(401);
    assertThat(send("GET", "/metrics").statusCode()).isEqualTo(401);
  }
}
