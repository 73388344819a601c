package dev.drawbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drawbridge quickstart}'s service token in each form it prints (headers, Bearer id.secret,
 * git's Basic through the real git client on {@code git.localhost}); a secret alone gets 401 with a
 * hint; a browser's denial is a page with the request id.
 */
class QuickstartTest {
  @TempDir static Path dir;
  static Quickstart q;

  @BeforeAll
  static void start() throws Exception {
    q = Quickstart.start(new Quickstart.Options(dir, 0, 0));
  }

  @AfterAll
  static void stop() {
    if (q != null) {
      q.close();
    }
  }

  @Test
  void printsCommandsThatNameTheTokenAndTheAppHosts() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    q.print(new java.io.PrintStream(b, true, StandardCharsets.UTF_8));
    String out = b.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("Drawbridge-Client-Secret: " + q.clientSecret())
        .contains("Bearer " + q.clientId() + "." + q.clientSecret())
        .contains("git clone http://" + q.clientId() + ":" + q.clientSecret() + "@git.localhost:")
        .contains(q.enrolUrl());
  }

  @Test
  void thePrintedTokenWorksInEachFormAndABrowserDenialIsAPage() throws Exception {
    URI gw = URI.create("http://127.0.0.1:" + q.publicUrl().getPort());
    RawHttp http = new RawHttp(10_000);
    String id = q.clientId();
    String secret = q.clientSecret();
    RawHttp.Response headers =
        http.send(
            gw,
            "wiki.localhost",
            "GET",
            "/rest/api/content",
            Map.of("Drawbridge-Client-Id", id, "Drawbridge-Client-Secret", secret),
            null);
    assertThat(headers.status()).isEqualTo(200);
    RawHttp.Response bearer =
        http.send(
            gw,
            "wiki.localhost",
            "GET",
            "/",
            Map.of("Authorization", "Bearer " + id + "." + secret),
            null);
    assertThat(bearer.status()).isEqualTo(200);
    RawHttp.Response secretOnly =
        http.send(
            gw, "wiki.localhost", "GET", "/", Map.of("Authorization", "Bearer " + secret), null);
    assertThat(secretOnly.status()).isEqualTo(401);
    assertThat(new String(secretOnly.body(), StandardCharsets.UTF_8))
        .contains("\"hint\"")
        .contains("Bearer <client_id>.<client_secret>");
    RawHttp.Response denied =
        http.send(
            gw,
            "wiki.localhost",
            "POST",
            "/rest/api/content",
            Map.of(
                "Drawbridge-Client-Id", id,
                "Drawbridge-Client-Secret", secret,
                "Accept", "text/html"),
            new byte[0]);
    assertThat(denied.status()).isEqualTo(403);
    String page = new String(denied.body(), StandardCharsets.UTF_8);
    assertThat(page)
        .contains("Access denied")
        .contains(denied.headers().get("drawbridge-request-id"));

    Path clone = dir.resolve("clone");
    Process git =
        new ProcessBuilder(
                "git",
                "clone",
                "-q",
                "http://"
                    + id
                    + ":"
                    + secret
                    + "@git.localhost:"
                    + q.publicUrl().getPort()
                    + "/scm/"
                    + Quickstart.REPO
                    + ".git",
                clone.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String gitOut = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(git.exitValue()).as(gitOut).isZero();
    assertThat(Files.isDirectory(clone.resolve(".git"))).isTrue();
  }
}
