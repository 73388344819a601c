package dev.drawbridge.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drawbridge login}: signs a user in for the CLI with the browser flow. Listens on a
 * loopback port, prints the gateway's {@code /.drawbridge/cli-login} URL to open; after sign-in the
 * page posts the session to that port with the {@code state} this command made up, and the session
 * is kept in {@code ~/.config/drawbridge/} with mode 0600 for {@code drawbridge connect}.
 */
@Command(
    name = "login",
    description =
        "Sign in for the command line with the browser; the session is kept (mode 0600) under"
            + " ~/.config/drawbridge/ for drawbridge connect.")
final class LoginCommand extends CliCommand {
  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The gateway, e.g. https://access.corp.example")
  String url;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long to wait for the sign-in (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  int run() throws Exception {
    URI gateway = Credentials.gatewayUrl(url);
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    CompletableFuture<String> session = new CompletableFuture<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/callback", ex -> callback(ex, state, session));
    server.start();
    try {
      String base = gateway.toString().replaceAll("/+$", "");
      out().println("Open this URL in your browser to sign in:");
      out()
          .println(
              "  "
                  + base
                  + "/.drawbridge/cli-login?port="
                  + server.getAddress().getPort()
                  + "&state="
                  + state);
      out().flush();
      String cookie;
      try {
        cookie = session.get(timeoutSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new CliException("no sign-in within " + timeoutSeconds + " s; run it again");
      }
      Path file = LoginSessions.file(gateway);
      keep(file, cookie);
      out().println("Signed in; the session is kept in " + file);
      return 0;
    } finally {
      server.stop(0);
    }
  }

  private static void callback(HttpExchange ex, String state, CompletableFuture<String> session)
      throws IOException {
    try (ex) {
      Map<String, String> form = new HashMap<>();
      if ("POST".equals(ex.getRequestMethod())) {
        String body = new String(ex.getRequestBody().readNBytes(8192), StandardCharsets.UTF_8);
        for (String kv : body.split("&")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            form.put(
                URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
          }
        }
      }
      String got = form.getOrDefault("state", "");
      String cookie = form.get("session");
      boolean ok =
          MessageDigest.isEqual(
                  got.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))
              && cookie != null
              && cookie.matches("[A-Za-z0-9_-]+=[A-Za-z0-9._~-]+");
      byte[] page =
          (ok
                  ? "<!doctype html><p>Signed in. You can close this tab and return to the terminal."
                  : "<!doctype html><p>This sign-in was not asked for by this command.")
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(ok ? 200 : 400, page.length);
      ex.getResponseBody().write(page);
      if (ok) {
        session.complete(cookie);
      }
    }
  }

  /** Writes the session to {@code file} with mode 0600 (the directory 0700), atomically. */
  static void keep(Path file, String cookie) throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp =
        Files.createTempFile(
            dir,
            ".session",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, cookie + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
