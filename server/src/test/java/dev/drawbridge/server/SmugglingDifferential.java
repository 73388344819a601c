package dev.drawbridge.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.testkit.RawUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The differential check of issue #21: raw request sequences go through a real gateway (policy,
 * service tokens, assertions, audit log) to a {@link RawUpstream} that records every request it
 * parses; then every parsed request must correspond, one to one, to an {@code allow} decision in
 * the audit log with the same method, normalized path and Host, carry exactly the gateway's request
 * id and client address, and carry the gateway's assertion exactly when one is due.
 */
final class SmugglingDifferential implements AutoCloseable {
  static final String CONFIG =
      """
      server: {listen: 127.0.0.1:0, admin_listen: localhost:0, public_url: http://gw.test}
      data_dir: ${DATA}
      audit: {durability: batched, batch_window: 5ms}
      detection:
        disable: [drawbridge.lateral-movement, drawbridge.denied-burst, drawbridge.bulk-download]
      applications:
        - id: wiki
          hosts: [wiki.test]
          upstream: UP
          policies:
            - {name: private, decision: deny, include: [{everyone: true}], paths: ["/private/**"]}
            - {name: public, decision: bypass, include: [{everyone: true}], paths: ["/pub/**"]}
            - name: tokens
              decision: allow
              include: [{any_service_token: true}]
              methods: [GET, POST, HEAD]
              paths: ["/tok/**"]
        - id: other
          hosts: [other.test]
          upstream: UP
          policies:
            - {name: nobody, decision: deny, include: [{everyone: true}]}
      """;

  final RawUpstream upstream;
  final ServerHarness h;
  private final Map<String, Map<String, Object>> accessById = new ConcurrentHashMap<>();
  private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
  private int parsedSoFar;
  private final java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();
  final AtomicLong sequences = new AtomicLong();
  final AtomicLong requestsSent = new AtomicLong();
  final AtomicLong upstreamParsed = new AtomicLong();
  final AtomicLong decisions = new AtomicLong();
  final AtomicLong violations = new AtomicLong();
  final AtomicLong lateEvents = new AtomicLong();
  final AtomicLong maxLateMillis = new AtomicLong();

  SmugglingDifferential() throws Exception {
    upstream = new RawUpstream();
    h = new ServerHarness(CONFIG.replace("UP", upstream.url()));
    h.server
        .audit()
        .addListener(
            r -> {
              if ("access".equals(r.event())) {
                decisions.incrementAndGet();
                accessById.put(String.valueOf(r.fields().get("request_id")), r.fields());
              }
            });
    HttpResponse<String> t =
        h.admin("POST", "/api/v1/tokens", "{\"name\":\"fuzz-bot\",\"apps\":[\"wiki\"]}");
    if (t.statusCode() != 201) {
      throw new IllegalStateException("token create: " + t.statusCode() + " " + t.body());
    }
    JsonNode j = new ObjectMapper().readTree(t.body());
    SmugglingRequests.tokenId = j.get("client_id").asText();
    SmugglingRequests.tokenSecret = j.get("client_secret").asText();
  }

  /**
   * Sends {@code pipeline} on one connection, reads what comes back until the gateway closes or
   * goes quiet, and returns every violation of the invariant that this sequence caused.
   */
  synchronized List<String> run(List<String> pipeline) throws Exception {
    sequences.incrementAndGet();
    requestsSent.addAndGet(pipeline.size());
    String bytes = String.join("", pipeline);
    try (Socket s = new Socket("127.0.0.1", h.server.gatewayPort())) {
      s.setSoTimeout(1000);
      s.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      drain(s.getInputStream(), pipeline.size(), System.nanoTime() + 3_000_000_000L);
    }
    // what the upstream parsed from this sequence (its connections may be pooled: wait a moment)
    Thread.sleep(5);
    List<RawUpstream.Parsed> all = upstream.parsed;
    List<RawUpstream.Parsed> mine = new ArrayList<>(all.subList(parsedSoFar, all.size()));
    parsedSoFar = all.size();
    upstreamParsed.addAndGet(mine.size());
    List<String> bad = new ArrayList<>();
    for (RawUpstream.Parsed p : mine) {
      check(p, bad);
    }
    violations.addAndGet(bad.size());
    if (!bad.isEmpty()) {
      for (String earlier : history) {
        bad.add("sent before: " + escape(earlier));
      }
      bad.add("sequence sent: " + escape(bytes));
    }
    history.addLast(bytes);
    if (history.size() > 3) {
      history.removeFirst();
    }
    return bad;
  }

  private static String escape(String raw) {
    return raw.replace("\r", "\\r").replace("\n", "\\n");
  }

  private void check(RawUpstream.Parsed p, List<String> bad) throws InterruptedException {
    String what = p.method() + " " + p.target();
    List<String> ids = p.all("drawbridge-request-id");
    if (ids.size() != 1) {
      bad.add(what + ": upstream parsed a request with request ids " + ids + " (no decision)");
      return;
    }
    String id = ids.get(0);
    if (!seenIds.add(id)) {
      bad.add(what + ": request id " + id + " reached the upstream twice");
    }
    Map<String, Object> e = awaitEvent(id, 3_000);
    if (e == null) {
      // a loaded machine can hold the writer back: late is counted, only missing is a violation
      long t0 = System.nanoTime();
      e = awaitEvent(id, 60_000);
      if (e == null) {
        bad.add(what + ": no access event for request id " + id + " within 60 s");
        return;
      }
      lateEvents.incrementAndGet();
      maxLateMillis.accumulateAndGet(3_000 + (System.nanoTime() - t0) / 1_000_000, Math::max);
    }
    if (!"allow".equals(e.get("decision"))) {
      bad.add(what + ": the audit says " + e.get("decision") + " " + e.get("reason"));
    }
    if (!p.method().equals(e.get("method"))) {
      bad.add(what + ": decided method " + e.get("method"));
    }
    String path =
        p.target().contains("?") ? p.target().substring(0, p.target().indexOf('?')) : p.target();
    if (!path.equals(e.get("path"))) {
      bad.add(what + ": decided path " + e.get("path"));
    }
    List<String> hosts = p.all("host");
    if (hosts.size() != 1 || !hostName(hosts.get(0)).equals(e.get("host"))) {
      bad.add(what + ": Host " + hosts + " but decided host " + e.get("host"));
    }
    if (!List.of("127.0.0.1").equals(p.all("x-forwarded-for"))) {
      bad.add(what + ": X-Forwarded-For " + p.all("x-forwarded-for"));
    }
    List<String> assertions = p.all("drawbridge-jwt-assertion");
    // due on an allow for a known principal; a bypass goes through without identity
    boolean due = !"anonymous".equals(e.get("principal_type")) && !"bypass".equals(e.get("reason"));
    if (due && (assertions.size() != 1 || assertions.get(0).startsWith("forged"))) {
      bad.add(what + ": an assertion was due, upstream got " + assertions);
    }
    if (!due && !assertions.isEmpty()) {
      bad.add(what + ": no assertion was due (" + e.get("principal_type") + "), got one");
    }
    for (String[] f : p.headers()) {
      String n = f[0].toLowerCase(Locale.ROOT).replace('_', '-');
      if (n.startsWith("drawbridge-") && !f[0].toLowerCase(Locale.ROOT).equals(n)) {
        bad.add(what + ": a Drawbridge field in another spelling reached the upstream: " + f[0]);
      }
    }
    for (String[] t : p.trailers()) {
      String n = t[0].toLowerCase(Locale.ROOT);
      if (n.startsWith("drawbridge") || n.startsWith("x-forwarded") || n.equals("host")) {
        bad.add(what + ": trailer " + t[0] + " reached the upstream");
      }
    }
  }

  private Map<String, Object> awaitEvent(String id, long millis) throws InterruptedException {
    long until = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < until) {
      Map<String, Object> e = accessById.get(id);
      if (e != null) {
        return e;
      }
      Thread.sleep(2);
    }
    return null;
  }

  private static String hostName(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    return colon > 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
  }

  private static final java.util.regex.Pattern STATUS_LINE =
      java.util.regex.Pattern.compile("HTTP/1\\.[01] \\d{3} ");

  /**
   * Reads answers until the gateway closes, {@code expected} answers arrived, a second passes with
   * nothing, or the deadline: a client that waits for what it asked, as a real one does.
   */
  private static void drain(InputStream in, int expected, long deadline) throws IOException {
    byte[] b = new byte[8192];
    StringBuilder got = new StringBuilder();
    while (System.nanoTime() < deadline) {
      int n;
      try {
        n = in.read(b);
      } catch (SocketTimeoutException e) {
        return; // quiet: nothing more is coming for what was sent
      }
      if (n < 0) {
        return;
      }
      got.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
      if (STATUS_LINE.matcher(got).results().count() >= expected) {
        return;
      }
    }
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "smuggling differential: %d sequences, %d requests sent, %d parsed by the upstream,"
            + " %d access decisions, %d violations (events later than 3 s: %d, latest after"
            + " %d ms)",
        sequences.get(),
        requestsSent.get(),
        upstreamParsed.get(),
        decisions.get(),
        violations.get(),
        lateEvents.get(),
        maxLateMillis.get());
  }

  @Override
  public void close() {
    h.close();
    upstream.close();
  }
}
