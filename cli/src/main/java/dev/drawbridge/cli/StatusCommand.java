package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code drawbridge status}: is the server up and ready ({@code GET /ready}, no token needed), and,
 * when the admin token is at hand, how many tokens, locks and alerts of the last 24 hours it has.
 * Exit 0 when ready, 1 otherwise.
 */
@Command(name = "status", description = "Show whether a running server is ready, and a summary.")
final class StatusCommand extends AdminCommand {
  @Override
  int run() {
    String server = admin.serverUrl();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("server", server);
    HttpResponse<String> r;
    try {
      r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(server + "/ready"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(
          "no server answers at "
              + server
              + " ("
              + e.getClass().getSimpleName()
              + "; is `drawbridge serve` running? pass --server or --config)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    boolean ready = r.statusCode() == 200;
    status.put("ready", ready);
    if (!ready) {
      status.put("answer", r.statusCode() + " " + r.body());
    }
    try {
      AdminClient c = admin.client();
      status.put("tokens", c.get("tokens").size());
      status.put("locks", c.get("locks").size());
      Map<String, String> q = new LinkedHashMap<>();
      q.put("since", "24h");
      status.put("alerts_24h", c.get("alerts", q).size());
    } catch (CliException e) {
      status.put("summary", "unavailable: " + e.getMessage());
    }
    if (json()) {
      Output.json(out(), status);
    } else {
      for (Map.Entry<String, Object> e : status.entrySet()) {
        out().printf("%-11s %s%n", e.getKey() + ":", e.getValue());
      }
    }
    return ready ? 0 : 1;
  }

  static int size(JsonNode n) {
    return n == null ? 0 : n.size();
  }
}
