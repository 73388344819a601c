package dev.drawbridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A client of the admin API ({@code /api/v1/…}); failures become one-line {@link CliException}s.
 */
final class AdminClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** How long one request may take; a change whose answer is lost is reported as maybe applied. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  AdminClient(String server, String token) {
    this(server, token, TIMEOUT);
  }

  AdminClient(String server, String token, Duration timeout) {
    String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    if (!s.startsWith("http://") && !s.startsWith("https://")) {
      throw CliException.usage(
          "--server: \""
              + server
              + "\" is not an http(s) URL (expected e.g. http://127.0.0.1:9090)");
    }
    this.base = s;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  JsonNode get(String path, Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(enc(k) + "=" + enc(v));
          }
        });
    return send("GET", path + q, null);
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** A path segment, percent-encoded. */
  static String seg(String s) {
    return enc(s).replace("+", "%20");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonNode send(String method, String path, Object body) {
    URI uri;
    try {
      uri = URI.create(base + "/api/v1/" + path);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--server: \"" + base + "\" is not a valid URL");
    }
    HttpRequest.BodyPublisher pub;
    try {
      pub =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, pub)
            .build();
    HttpResponse<String> r = null;
    for (int attempt = 1; r == null; attempt++) {
      r = attempt(req, method, path);
      if (r.statusCode() == 503
          && attempt < BUSY_RETRIES
          && r.headers().firstValue("Retry-After").isPresent()) {
        r = null; // the server said it did nothing (pool full): safe to send again
        pause(Duration.ofSeconds(1));
      }
    }
    JsonNode json = parse(r.body());
    if (r.statusCode() / 100 == 2) {
      if (json == null) {
        throw new CliException(
            "the admin API at "
                + base
                + " answered with something that is not JSON; is --server the admin API (admin_listen)?");
      }
      return json;
    }
    throw failure(r.statusCode(), json);
  }

  /** Attempts when the server answers 503 busy (it did nothing), before giving up. */
  static final int BUSY_RETRIES = 3;

  private HttpResponse<String> attempt(HttpRequest req, String method, String path) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable(e.getMessage() == null ? "connection refused" : e.getMessage());
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "the admin API at "
              + base
              + " did not answer within "
              + (timeout.toMillis() % 1000 == 0
                  ? timeout.toSeconds() + " s"
                  : timeout.toMillis() + " ms")
              + (method.equals("GET") ? "; retry" : "; " + mayHaveBeenApplied(path)));
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (method.equals("GET")) {
        throw unreachable(why);
      }
      throw new CliException(
          "the connection to the admin API at "
              + base
              + " failed before its answer ("
              + why
              + "); "
              + mayHaveBeenApplied(path));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  /**
   * For a change whose answer was lost: the server may have applied it, so say so and how to check,
   * rather than report a failure (or invite a blind retry that would, e.g., create a second token).
   */
  static String mayHaveBeenApplied(String path) {
    String noun = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
    String check =
        switch (noun) {
          case "locks" -> "`drawbridge lock ls`";
          case "tokens" -> "`drawbridge token ls`";
          default -> "the server's audit log (`drawbridge audit query`, or the console)";
        };
    return "the change may have been applied; check with " + check + " before retrying";
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private CliException unreachable(String why) {
    return new CliException(
        "cannot reach the admin API at " + base + ": " + why + " (is `drawbridge serve` running?)");
  }

  private CliException failure(int status, JsonNode json) {
    String message =
        json != null && json.hasNonNull("message") ? json.get("message").asText() : null;
    if (status == 401) {
      return new CliException(
          "the admin API at "
              + base
              + " refused the admin token (set DRAWBRIDGE_ADMIN_TOKEN, or pass --data-dir with the"
              + " server's data directory)");
    }
    if (message == null) {
      return new CliException(
          "the admin API at "
              + base
              + " answered HTTP "
              + status
              + " (is --server the admin API?)");
    }
    return new CliException(message);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
