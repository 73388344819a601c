package dev.drawbridge.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real {@code git clone} against an {@link ReplayTarget.Endpoint}. Credentials, {@code
 * X-Forwarded-For} and the host-to-127.0.0.1 mapping ({@code http.curloptResolve}) go through
 * {@code GIT_CONFIG_*} environment variables, so the secret is neither in the command line (visible
 * to {@code ps}) nor in the remote URL stored in the clone.
 */
final class GitCloner {
  private static final Pattern HTTP_ERROR = Pattern.compile("returned error: (\\d{3})");

  /** The clone's exit, the HTTP status git saw (0 unknown) and the bytes written to disk. */
  record Result(boolean ok, int status, long bytes, String message) {}

  private final String git;
  private final long timeoutSeconds;

  GitCloner(String git, long timeoutSeconds) {
    this.git = git;
    this.timeoutSeconds = timeoutSeconds;
  }

  Result clone(ReplayTarget target, String repoPath, Path into) throws IOException {
    ReplayTarget.Endpoint ep = target.endpoint(SampleApps.GIT);
    int port = ep.base().getPort() < 0 ? 80 : ep.base().getPort();
    String host = ep.host() == null ? ep.base().getHost() : ep.host();
    String url = "http://" + host + ":" + port + repoPath;
    List<String[]> config = new ArrayList<>();
    String basic = target.clientId() + ":" + target.clientSecret();
    config.add(
        new String[] {
          "http.extraHeader",
          "Authorization: Basic "
              + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8))
        });
    if (target.forwardedFor() != null) {
      config.add(new String[] {"http.extraHeader", "X-Forwarded-For: " + target.forwardedFor()});
    }
    if (ep.host() != null) {
      config.add(
          new String[] {"http.curloptResolve", host + ":" + port + ":" + ep.base().getHost()});
    }
    ProcessBuilder pb =
        new ProcessBuilder(git, "clone", "--quiet", "--no-checkout", url, into.toString())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_CONFIG_COUNT", String.valueOf(config.size()));
    for (int i = 0; i < config.size(); i++) {
      env.put("GIT_CONFIG_KEY_" + i, config.get(i)[0]);
      env.put("GIT_CONFIG_VALUE_" + i, config.get(i)[1]);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(false, 0, 0, "git clone timed out after " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(false, 0, 0, "interrupted");
    }
    if (p.exitValue() == 0) {
      return new Result(true, 200, size(into), "");
    }
    return new Result(false, statusOf(out), 0, firstLine(out));
  }

  /** The HTTP status in git's error message: "returned error: 403", "not found" (404), … */
  static int statusOf(String gitOutput) {
    Matcher m = HTTP_ERROR.matcher(gitOutput);
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    if (gitOutput.contains("Authentication failed")
        || gitOutput.contains("could not read Username")) {
      return 401;
    }
    if (gitOutput.contains("not found")) {
      return 404;
    }
    return 0;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static long size(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
