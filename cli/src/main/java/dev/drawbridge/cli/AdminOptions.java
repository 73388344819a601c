package dev.drawbridge.cli;

import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the admin API is and how to authenticate to it. Server: {@code --server}, else {@code
 * DRAWBRIDGE_SERVER}, else the {@code admin_listen} of {@code --config}, else {@code
 * http://127.0.0.1:9090}. Token: {@code <data_dir>/admin.token} when {@code --data-dir} or {@code
 * --config} is given, else {@code DRAWBRIDGE_ADMIN_TOKEN}, else {@code ./data/admin.token}.
 */
final class AdminOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:9090";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "admin API URL (default: $DRAWBRIDGE_SERVER or " + DEFAULT_SERVER + ")")
  String server;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "the server's data directory, holding admin.token (default: ./data)")
  Path dataDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "the server's config file (gives data_dir and admin_listen)")
  Path config;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "table|json",
      description = "output format (default: table)")
  String output;

  @Option(names = "--json", hidden = true, description = "print JSON (same as -o json)")
  boolean json;

  /** True for {@code -o json} or {@code --json}; a usage error for an unknown format. */
  boolean jsonOutput() {
    if (output == null || output.equals("table")) {
      return json;
    }
    if (output.equals("json")) {
      return true;
    }
    throw CliException.usage(
        "-o: \"" + output + "\" is not an output format (expected: table or json)");
  }

  private DrawbridgeConfig loaded;

  AdminClient client() {
    return new AdminClient(serverUrl(), token());
  }

  String serverUrl() {
    if (server != null) {
      return server;
    }
    String env = System.getenv("DRAWBRIDGE_SERVER");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    if (config != null) {
      HostPort admin = config().server().adminListen();
      String host =
          admin.host().equals("0.0.0.0") || admin.host().equals("::") ? "127.0.0.1" : admin.host();
      return "http://" + new HostPort(host, admin.port());
    }
    return DEFAULT_SERVER;
  }

  String token() {
    if (dataDir == null && config == null) {
      String env = System.getenv("DRAWBRIDGE_ADMIN_TOKEN");
      if (env != null && !env.isBlank()) {
        return env.trim();
      }
    }
    Path dir = dataDir != null ? dataDir : config != null ? config().dataDir() : Path.of("data");
    Path file = dir.resolve("admin.token");
    try {
      String t = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (t.isEmpty()) {
        throw new CliException(file + " is empty; restart `drawbridge serve` to write a new token");
      }
      return t;
    } catch (NoSuchFileException e) {
      throw new CliException(
          "no admin token: "
              + file
              + " does not exist (set DRAWBRIDGE_ADMIN_TOKEN, or pass --data-dir/--config of the"
              + " server; the server writes admin.token at first start)");
    } catch (IOException e) {
      throw new CliException("cannot read the admin token " + file + ": " + e.getMessage());
    }
  }

  /** The {@code --config} file, loaded (call only when it was given). */
  DrawbridgeConfig loadedConfig() {
    return config();
  }

  private DrawbridgeConfig config() {
    if (loaded == null) {
      try {
        loaded = ConfigLoader.load(config);
      } catch (ConfigException e) {
        throw new CliException(
            config
                + " is not a valid config: "
                + e.problems().get(0)
                + " (run `drawbridge check --config "
                + config
                + "`)");
      } catch (IOException e) {
        throw new CliException("cannot read " + config + ": " + e.getMessage());
      }
    }
    return loaded;
  }
}
