package dev.drawbridge.identity;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real HTTP client with a cookie jar that follows redirects by hand and records the hops. */
final class Browserless {
  final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final List<String> hops = new ArrayList<>();

  HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", "text/html")
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What a raw POST got back. */
  record Reply(int statusCode, String body) {}

  /**
   * POSTs JSON with head and body in one write (raw socket, {@code Connection: close}), with the
   * jar's cookies, storing the answer's cookies. One write, because the gateway reads a reserved
   * request's body only if it arrives with the head (reported to the lead).
   */
  Reply postJson(String url, String json) throws Exception {
    return postJson(url, json, null);
  }

  Reply postJson(String url, String json, String origin) throws Exception {
    return post(url, "application/json", json, origin);
  }

  /** POSTs an HTML form ({@code application/x-www-form-urlencoded}), as a browser would. */
  Reply postForm(String url, String form, String origin) throws Exception {
    return post(url, "application/x-www-form-urlencoded", form, origin);
  }

  Reply post(String url, String type, String content, String origin) throws Exception {
    URI u = URI.create(url);
    StringBuilder cookie = new StringBuilder();
    for (var c : cookies.getCookieStore().get(u)) {
      cookie
          .append(cookie.length() == 0 ? "" : "; ")
          .append(c.getName())
          .append('=')
          .append(c.getValue());
    }
    byte[] body = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String head =
        "POST "
            + u.getRawPath()
            + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery())
            + " HTTP/1.1\r\nHost: "
            + u.getHost()
            + ":"
            + u.getPort()
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n"
            + (origin == null ? "" : "Origin: " + origin + "\r\n")
            + (cookie.length() == 0 ? "" : "Cookie: " + cookie + "\r\n")
            + "\r\n";
    java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
    req.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    req.write(body);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", u.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(req.toByteArray());
      s.getOutputStream().flush();
      String all =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      String[] lines = all.substring(0, split).split("\r\n");
      java.util.Map<String, java.util.List<String>> headers = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        headers
            .computeIfAbsent(lines[i].substring(0, c), k -> new ArrayList<>())
            .add(lines[i].substring(c + 1).trim());
      }
      cookies.put(u, headers);
      return new Reply(Integer.parseInt(lines[0].split(" ")[1]), all.substring(split + 4));
    }
  }

  /** GETs {@code url} and follows up to 10 redirects; returns the last response. */
  HttpResponse<String> follow(String url) throws Exception {
    HttpResponse<String> r = get(url);
    for (int i = 0; i < 10 && r.statusCode() / 100 == 3; i++) {
      String loc = r.headers().firstValue("location").orElseThrow();
      URI next = r.uri().resolve(loc);
      hops.add(next.toString());
      r = get(next.toString());
    }
    return r;
  }

  /** GETs and follows redirects until the next hop would go to a URL starting with {@code stop}. */
  String followUntil(String url, String stop) throws Exception {
    HttpResponse<String> r = get(url);
    for (int i = 0; i < 10 && r.statusCode() / 100 == 3; i++) {
      URI next = r.uri().resolve(r.headers().firstValue("location").orElseThrow());
      hops.add(next.toString());
      if (next.toString().startsWith(stop)) {
        return next.toString();
      }
      r = get(next.toString());
    }
    throw new AssertionError("never reached " + stop + "; hops " + hops);
  }
}
