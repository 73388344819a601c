package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drawbridge login} in a JVM of its own: it prints the gateway's sign-in URL with its
 * loopback port and state, refuses a post without its state, and keeps the session the sign-in page
 * posts (mode 0600, directory 0700) under {@code $XDG_CONFIG_HOME/drawbridge/}.
 */
class LoginCommandTest {
  @TempDir Path dir;

  @Test
  void keepsTheSessionThePagePostsWithItsStateInAFileOnlyTheUserCanRead() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.drawbridge.cli.Main",
                "login",
                "--url",
                "https://access.corp.example",
                "--timeout",
                "60")
            .redirectErrorStream(true);
    pb.environment().put("XDG_CONFIG_HOME", dir.toString());
    Process p = pb.start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(r.readLine()).startsWith("Open this URL");
    String url = r.readLine().trim();
    Matcher m =
        Pattern.compile(
                "https://access\\.corp\\.example/\\.drawbridge/cli-login\\?port=(\\d+)&state=([A-Za-z0-9_-]+)")
            .matcher(url);
    assertThat(m.matches()).as(url).isTrue();
    URI callback = URI.create("http://127.0.0.1:" + m.group(1) + "/callback");
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> forged = post(http, callback, "state=not-the-state&session=a=b");
    assertThat(forged.statusCode()).isEqualTo(400);

    HttpResponse<String> ok =
        post(http, callback, "state=" + m.group(2) + "&session=__Host-drawbridge%3Dabc.DEF_1");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    Path file = dir.resolve("drawbridge").resolve("session-access.corp.example");
    assertThat(Files.readString(file).trim()).isEqualTo("__Host-drawbridge=abc.DEF_1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  static HttpResponse<String> post(HttpClient http, URI uri, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
