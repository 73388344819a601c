package dev.drawbridge.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The admin listener's two answers that need no token: {@code GET /api/v1/openapi.json}, the admin
 * API described as OpenAPI 3 (a resource beside this class, held to the routes by a test), and
 * {@code GET /ready} for load balancers and orchestrators: 200 {@code {"ready":true}}, or 503 with
 * why not. Neither says anything about tokens, users or the audit log.
 */
final class PublicEndpoints {
  static final String OPENAPI_PATH = "/api/v1/openapi.json";
  static final String READY_PATH = "/ready";
  private static final byte[] OPENAPI = load();

  private PublicEndpoints() {}

  private static byte[] load() {
    try (InputStream in = PublicEndpoints.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the admin module");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] openApi() {
    return OPENAPI.clone();
  }

  /** True when {@code ex} was one of these requests and is answered. */
  static boolean serve(HttpExchange ex, Supplier<String> notReadyBecause) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    boolean get = "GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod());
    if (!get || !(OPENAPI_PATH.equals(path) || READY_PATH.equals(path))) {
      return false;
    }
    ex.getRequestBody().close();
    int status = 200;
    byte[] body;
    if (OPENAPI_PATH.equals(path)) {
      body = OPENAPI;
    } else {
      String why = notReadyBecause.get();
      status = why == null ? 200 : 503;
      body =
          (why == null
                  ? "{\"ready\":true}"
                  : "{\"ready\":false,\"reason\":\"" + why.replace("\"", "'") + "\"}")
              .getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (var out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    return true;
  }
}
