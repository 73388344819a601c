package dev.drawbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Confluence-like wiki: {@code /display/{space}/{page}} HTML pages and {@code
 * /rest/api/content?limit=&start=} listing the pages as JSON.
 */
final class WikiApp implements HttpHandler {
  static final List<String> SPACES = List.of("ENG", "OPS", "SEC");
  static final int PAGES_PER_SPACE = 20;

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String[] seg = path.split("/");
    if (path.startsWith("/display/") && seg.length == 4) {
      String space = seg[2];
      String page = seg[3];
      if (!SPACES.contains(space)) {
        Exchanges.notFound(ex);
        return;
      }
      Exchanges.html(
          ex,
          200,
          space + " / " + page,
          "<p>Runbook <b>"
              + Exchanges.escape(page)
              + "</b> of space "
              + Exchanges.escape(space)
              + ". Hosts, credentials rotation schedule and on-call notes.</p>");
    } else if (path.equals("/rest/api/content")) {
      var q = Exchanges.query(ex);
      int limit = Exchanges.intParam(q, "limit", 25, 1, 500);
      int start = Exchanges.intParam(q, "start", 0, 0, Integer.MAX_VALUE);
      List<String> all = pages();
      List<Map<String, Object>> results = new ArrayList<>();
      for (int i = start; i < Math.min(all.size(), start + limit); i++) {
        String[] sp = all.get(i).split("/");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(1000 + i));
        m.put("type", "page");
        m.put("title", sp[1]);
        m.put("space", Map.of("key", sp[0]));
        m.put("_links", Map.of("webui", "/display/" + all.get(i)));
        results.add(m);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("results", results);
      body.put("start", start);
      body.put("limit", limit);
      body.put("size", results.size());
      Exchanges.json(ex, 200, body);
    } else if (path.equals("/") || path.isEmpty()) {
      Exchanges.html(ex, 200, "Wiki", "<p>Spaces: " + String.join(", ", SPACES) + "</p>");
    } else {
      Exchanges.notFound(ex);
    }
  }

  /** All pages as {@code SPACE/Page-Title}, in listing order. */
  static List<String> pages() {
    List<String> out = new ArrayList<>();
    for (String s : SPACES) {
      for (int i = 1; i <= PAGES_PER_SPACE; i++) {
        out.add(s + "/Runbook-" + i);
      }
    }
    return out;
  }
}
