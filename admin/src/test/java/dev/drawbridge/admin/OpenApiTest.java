package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /api/v1/openapi.json} against the routes: every operation
 * it names is routed, no other method on its paths is, and every first path segment the router
 * knows is in it. {@code /ready} answers without a token.
 */
class OpenApiTest {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
  private final HttpClient http = HttpClient.newHttpClient();
  private AdminFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new AdminFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private HttpResponse<String> raw(String method, String path, boolean token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + path))
            .method(
                method,
                method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody())
            .header("Content-Type", "application/json");
    if (token) {
      b.header("Authorization", "Bearer " + AdminFixture.TOKEN);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode document() throws Exception {
    HttpResponse<String> r = raw("GET", "/api/v1/openapi.json", false);
    assertThat(r.statusCode()).isEqualTo(200);
    return AdminFixture.JSON.readTree(r.body());
  }

  private static boolean routed(HttpResponse<String> r) {
    return !(r.statusCode() == 404 && r.body().contains("no admin API endpoint"))
        && r.statusCode() != 405;
  }

  @Test
  void everyDocumentedOperationIsRoutedAndNoOtherMethodOnItsPaths() throws Exception {
    JsonNode paths = document().get("paths");
    assertThat(paths.size()).isGreaterThan(10);
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String template = e.getKey();
      if (!template.startsWith("/api/v1/") || template.equals("/api/v1/openapi.json")) {
        continue;
      }
      String path = template.replaceAll("\\{[^}]+}", "nobody");
      for (String method : METHODS) {
        boolean documented = e.getValue().has(method.toLowerCase(java.util.Locale.ROOT));
        HttpResponse<String> r = raw(method, path, true);
        assertThat(routed(r))
            .as(method + " " + path + " answered " + r.statusCode() + " " + r.body())
            .isEqualTo(documented);
      }
    }
  }

  @Test
  void everyResourceTheRouterKnowsIsDocumented() throws Exception {
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> it = document().get("paths").fieldNames(); it.hasNext(); ) {
      String p = it.next();
      if (p.startsWith("/api/v1/")) {
        documented.add(p.substring("/api/v1/".length()).split("/")[0]);
      }
    }
    String source =
        Files.readString(Path.of("src/main/java/dev/drawbridge/admin/AdminServer.java"));
    String route = source.substring(source.indexOf("private void route(Call c)"));
    route = route.substring(0, route.indexOf("default ->"));
    Set<String> routed = new TreeSet<>();
    Matcher m = Pattern.compile("case \"([^\"]+)\" ->").matcher(route);
    while (m.find()) {
      routed.add(m.group(1));
    }
    assertThat(routed).isNotEmpty();
    documented.remove("openapi.json");
    assertThat(documented).isEqualTo(routed);
  }

  @Test
  void readinessAnswersWithoutTheTokenAndSaysWhyWhenNotReady() throws Exception {
    HttpResponse<String> ok = raw("GET", "/ready", false);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"ready\":true}");
    f.server.readiness(() -> "audit_unhealthy");
    HttpResponse<String> not = raw("GET", "/ready", false);
    assertThat(not.statusCode()).isEqualTo(503);
    assertThat(not.body()).contains("audit_unhealthy");
    assertThat(raw("GET", "/api/v1/tokens", false).statusCode()).isEqualTo(401);
  }
}
