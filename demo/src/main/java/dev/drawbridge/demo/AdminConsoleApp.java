package dev.drawbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** An internal admin console: {@code /admin/...} HTML pages (the crown jewels of the demo). */
final class AdminConsoleApp implements HttpHandler {
  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.equals("/admin") || path.startsWith("/admin/")) {
      String section = path.length() <= 7 ? "overview" : path.substring(7);
      Exchanges.html(
          ex,
          200,
          "Admin console: " + section,
          "<p>Global configuration, SSO settings and production access grants.</p>");
    } else if (path.equals("/") || path.isEmpty()) {
      Exchanges.html(ex, 200, "Admin console", "<p><a href=\"/admin/\">Enter</a></p>");
    } else {
      Exchanges.notFound(ex);
    }
  }
}
