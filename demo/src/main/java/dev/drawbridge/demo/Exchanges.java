package dev.drawbridge.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the sample applications' {@link HttpExchange} handlers. */
final class Exchanges {
  static final ObjectMapper JSON = new ObjectMapper();

  private Exchanges() {}

  static void html(HttpExchange ex, int status, String title, String body) throws IOException {
    String page =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
            + escape(title)
            + "</title></head><body><h1>"
            + escape(title)
            + "</h1>"
            + body
            + "</body></html>\n";
    send(ex, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  static void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsBytes(value));
  }

  static void notFound(HttpExchange ex) throws IOException {
    json(ex, 404, Map.of("error", "not_found", "path", ex.getRequestURI().getPath()));
  }

  static void send(HttpExchange ex, int status, String contentType, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  /** The query string's parameters, decoded; the first value of a repeated name wins. */
  static Map<String, String> query(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = ex.getRequestURI().getRawQuery();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
    try {
      String v = q.get(name);
      return v == null ? dflt : Math.max(min, Math.min(max, Integer.parseInt(v.trim())));
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  static String escape(String s) {
    return dev.drawbridge.admin.incident.ReportValues.escapeHtml(s);
  }
}
