package dev.drawbridge.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console (SPEC §3: the admin listener serves the admin API "and console"): three static
 * files, a page that asks for the admin token and then calls {@code /api/v1/} with it. The files
 * hold no data, so they are served without the token; everything they show comes from the API,
 * which requires it. A strict Content-Security-Policy allows only this origin's script (no inline
 * script), and the page is never framed.
 */
final class Console {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private record File(byte[] body, String contentType) {}

  private final Map<String, File> files;

  Console() {
    File page = new File(read("index.html"), "text/html; charset=utf-8");
    files =
        Map.of(
            "/",
            page,
            "/console",
            page,
            "/console.js",
            new File(read("console.js"), "text/javascript; charset=utf-8"),
            "/console.css",
            new File(read("console.css"), "text/css; charset=utf-8"));
  }

  private static byte[] read(String name) {
    try (InputStream in = Console.class.getResourceAsStream("console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("console resource " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True if {@code ex} asked for a console file (GET or HEAD), which has then been answered. */
  boolean serve(HttpExchange ex) throws IOException {
    File f = files.get(ex.getRequestURI().getRawPath());
    String method = ex.getRequestMethod();
    if (f == null || !(method.equals("GET") || method.equals("HEAD"))) {
      return false;
    }
    ex.getRequestBody().close();
    byte[] body = f.body();
    var h = ex.getResponseHeaders();
    h.set("Content-Type", f.contentType());
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-cache");
    if (method.equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return true;
    }
    ex.sendResponseHeaders(200, body.length);
    try (var out = ex.getResponseBody()) {
      out.write(body);
    }
    return true;
  }
}
