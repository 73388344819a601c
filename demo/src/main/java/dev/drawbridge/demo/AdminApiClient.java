package dev.drawbridge.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reads alerts and locks from a running server's admin API (Bearer admin token) so the replay can
 * say which rules fired and when the lock landed. Paths are parameters because the admin API is
 * owned by the server module; the defaults are {@value #ALERTS} and {@value #LOCKS}. Failures
 * become an empty list: the replay's own figures do not depend on them.
 */
public final class AdminApiClient {
  public static final String ALERTS = "/api/v1/alerts";
  public static final String LOCKS = "/api/v1/locks";

  private final URI base;
  private final String token;
  private final String alertsPath;
  private final String locksPath;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public AdminApiClient(URI base, String token, String alertsPath, String locksPath) {
    this.base = base;
    this.token = token;
    this.alertsPath = alertsPath;
    this.locksPath = locksPath;
  }

  public AdminApiClient(URI base, String token) {
    this(base, token, ALERTS, LOCKS);
  }

  /** Alerts raised since {@code since} (SPEC §6 JSON objects), or empty if unavailable. */
  public List<Map<String, Object>> alerts(Instant since) {
    return list(
        alertsPath + "?since=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
  }

  /** Current locks, or empty if unavailable. */
  public List<Map<String, Object>> locks() {
    return list(locksPath);
  }

  private List<Map<String, Object>> list(String pathAndQuery) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(base.resolve(pathAndQuery))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        return List.of();
      }
      var node = Exchanges.JSON.readTree(r.body());
      if (node.isObject() && node.has("items")) {
        node = node.get("items");
      }
      if (!node.isArray()) {
        return List.of();
      }
      return Exchanges.JSON.convertValue(node, new TypeReference<List<Map<String, Object>>>() {});
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
