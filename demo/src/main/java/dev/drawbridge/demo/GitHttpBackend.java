package dev.drawbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code git http-backend} as a CGI program for one request: the request body is streamed to
 * its stdin (on a helper thread, so a large push or fetch negotiation cannot deadlock), its stdout
 * is parsed for CGI headers (including {@code Status:}) and the rest streamed back. Pushes are
 * refused ({@code http.receivepack=false}): the sample source-control server is read-only.
 */
final class GitHttpBackend {
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final String git;
  private final Path projectRoot;
  private final Path log;
  private final ExecutorService pumps;

  GitHttpBackend(String git, Path projectRoot, Path log, ExecutorService pumps) {
    this.git = git;
    this.projectRoot = projectRoot;
    this.log = log;
    this.pumps = pumps;
  }

  /** Serves the request; {@code pathInfo} is {@code /{project}/{repo}.git/...}. */
  void serve(HttpExchange ex, String pathInfo) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(git, "http-backend");
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("GIT_PROJECT_ROOT", projectRoot.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "http.receivepack");
    env.put("GIT_CONFIG_VALUE_0", "false");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("PATH_INFO", pathInfo);
    String q = ex.getRequestURI().getRawQuery();
    env.put("QUERY_STRING", q == null ? "" : q);
    env.put("REMOTE_ADDR", ex.getRemoteAddress().getAddress().getHostAddress());
    putHeader(ex, env, "Content-Type", "CONTENT_TYPE");
    putHeader(ex, env, "Content-Length", "CONTENT_LENGTH");
    putHeader(ex, env, "Content-Encoding", "HTTP_CONTENT_ENCODING");
    putHeader(ex, env, "Git-Protocol", "HTTP_GIT_PROTOCOL");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    Future<?> stdin =
        pumps.submit(
            () -> {
              try (InputStream in = ex.getRequestBody();
                  OutputStream out = p.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // the backend exited early or the client went away; the response says so
              }
              return null;
            });
    try (InputStream out = new BufferedInputStream(p.getInputStream())) {
      int status = 200;
      for (String line : readHeaders(out)) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ", 2)[0]);
        } else {
          ex.getResponseHeaders().add(name, value);
        }
      }
      ex.sendResponseHeaders(status, 0);
      try (OutputStream body = ex.getResponseBody()) {
        out.transferTo(body);
      }
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e instanceof IOException io ? io : new IOException(e);
    } finally {
      stdin.cancel(true);
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      ex.close();
    }
  }

  private static void putHeader(HttpExchange ex, Map<String, String> env, String h, String var) {
    String v = ex.getRequestHeaders().getFirst(h);
    if (v != null) {
      env.put(var, v);
    }
  }

  /** CGI header lines up to the blank line (LF or CRLF line ends). */
  static List<String> readHeaders(InputStream in) throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    int c;
    while ((c = in.read()) != -1) {
      if (++total > MAX_HEADER_BYTES) {
        throw new IOException("CGI headers longer than " + MAX_HEADER_BYTES + " bytes");
      }
      if (c == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1);
        if (s.endsWith("\r")) {
          s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
          return lines;
        }
        lines.add(s);
        line.reset();
      } else {
        line.write(c);
      }
    }
    throw new IOException(
        "git http-backend ended before its headers "
            + lines.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList());
  }
}
