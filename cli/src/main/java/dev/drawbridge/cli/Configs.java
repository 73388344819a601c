package dev.drawbridge.cli;

import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loading a config file for the offline commands, with every problem printed as one line. */
final class Configs {
  private Configs() {}

  /** Loads {@code file}; on problems prints each as {@code error: …} and throws (exit 1). */
  static DrawbridgeConfig load(Path file, PrintWriter err) {
    if (!Files.exists(file)) {
      throw new CliException(
          file + " does not exist (pass --config with the path of your config file)");
    }
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      throw problems(e, file, err);
    } catch (NoSuchFileException e) {
      throw new CliException(
          file + " does not exist (pass --config with the path of your config file)");
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static PolicyEngine compile(DrawbridgeConfig cfg, Path file, PrintWriter err) {
    try {
      return PolicyEngine.compile(cfg.applications());
    } catch (ConfigException e) {
      throw problems(e, file, err);
    }
  }

  private static CliException problems(ConfigException e, Path file, PrintWriter err) {
    for (String p : e.problems()) {
      err.println("error: " + p);
    }
    int n = e.problems().size();
    return new CliException(
        file
            + ": "
            + n
            + " problem"
            + (n == 1 ? "" : "s")
            + "; fix "
            + (n == 1 ? "it" : "them")
            + " and run again");
  }

  /**
   * The config at {@code file} for a command that only reads files (its first problem as the error;
   * the full list is {@code check}'s business).
   */
  static DrawbridgeConfig loadQuietly(Path file) {
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      throw new CliException(file + " is not a valid config: " + e.problems().get(0));
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** {@code --data-dir} when given, else the data dir of {@code --config}, else {@code ./data}. */
  static Path dataDir(Path dataDir, Path config) {
    if (dataDir != null) {
      return dataDir;
    }
    return config != null ? loadQuietly(config).dataDir() : Path.of("data");
  }
}
