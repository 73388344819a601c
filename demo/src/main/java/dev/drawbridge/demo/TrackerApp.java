package dev.drawbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A Jira-like issue tracker: {@code /browse/{KEY-n}} HTML, {@code /rest/api/2/issue/{key}} JSON,
 * and the user-administration API {@code POST /rest/api/2/user} (JSON body, 201) and {@code GET
 * /rest/api/2/user?username=}. Created users are recorded so tests and the demo can show the
 * persistence attempt reached (or did not reach) the application.
 */
final class TrackerApp implements HttpHandler {
  private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9]*-[1-9][0-9]{0,6}");
  private static final int MAX_BODY = 64 * 1024;

  private final List<Map<String, Object>> users = new CopyOnWriteArrayList<>();

  /** Users created through the API, oldest first. */
  List<Map<String, Object>> createdUsers() {
    return List.copyOf(users);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.startsWith("/browse/") && KEY.matcher(path.substring(8)).matches()) {
      String key = path.substring(8);
      Exchanges.html(
          ex,
          200,
          key,
          "<p>Issue " + key + ": rotate the service credentials of the sync job.</p>");
    } else if (path.startsWith("/rest/api/2/issue/") && KEY.matcher(path.substring(18)).matches()) {
      String key = path.substring(18);
      Map<String, Object> issue = new LinkedHashMap<>();
      issue.put("key", key);
      issue.put("fields", Map.of("summary", "Rotate credentials for " + key, "status", "Open"));
      Exchanges.json(ex, 200, issue);
    } else if (path.equals("/rest/api/2/user") && method.equals("POST")) {
      createUser(ex);
    } else if (path.equals("/rest/api/2/user") && (method.equals("GET") || method.equals("HEAD"))) {
      String name = Exchanges.query(ex).get("username");
      for (Map<String, Object> u : users) {
        if (u.get("name").equals(name)) {
          Exchanges.json(ex, 200, u);
          return;
        }
      }
      Exchanges.json(ex, 404, Map.of("errorMessages", List.of("user does not exist")));
    } else if (path.equals("/") || path.isEmpty()) {
      Exchanges.html(ex, 200, "Issue tracker", "<p>Projects: NET, SEC, OPS</p>");
    } else {
      Exchanges.notFound(ex);
    }
  }

  private void createUser(HttpExchange ex) throws IOException {
    JsonNode body;
    try (InputStream in = ex.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        Exchanges.json(ex, 413, Map.of("errorMessages", List.of("body too large")));
        return;
      }
      body = Exchanges.JSON.readTree(bytes);
    } catch (IOException e) {
      Exchanges.json(ex, 400, Map.of("errorMessages", List.of("body is not JSON")));
      return;
    }
    String name = body == null ? null : body.path("name").asText(null);
    if (name == null || name.isBlank()) {
      Exchanges.json(ex, 400, Map.of("errors", Map.of("name", "required")));
      return;
    }
    synchronized (users) {
      for (Map<String, Object> u : users) {
        if (u.get("name").equals(name)) {
          Exchanges.json(ex, 400, Map.of("errors", Map.of("name", "already exists")));
          return;
        }
      }
      Map<String, Object> user = new LinkedHashMap<>();
      user.put("name", name);
      user.put("emailAddress", body.path("emailAddress").asText(""));
      user.put("displayName", body.path("displayName").asText(name));
      user.put("key", "user-" + (users.size() + 1));
      users.add(user);
      Exchanges.json(ex, 201, user);
    }
  }
}
