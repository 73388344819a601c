package dev.drawbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads the YAML configuration file (SPEC §3) into {@link DrawbridgeConfig}. Every problem of the
 * file is collected and reported in one {@link ConfigException}, one line per problem, each naming
 * the key path: {@code applications[1].upstream: "htp://x" is not an http(s) URL (expected: …)}.
 */
public final class ConfigLoader {
  private static final Set<String> KEYS =
      Cursor.keys(
          "server",
          "data_dir",
          "store",
          "audit",
          "identity",
          "credentials",
          "applications",
          "detection",
          "logging");
  private static final Set<String> LOGGING_KEYS = Cursor.keys("format", "level");
  private static final Set<String> STORE_KEYS =
      Cursor.keys("url", "max_staleness", "encryption_key", "previous_encryption_key");
  private static final Set<String> CREDENTIAL_KEYS =
      Cursor.keys("default_expiry", "max_age", "dormant_after");
  private static final Pattern STORE_URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");

  private ConfigLoader() {}

  /**
   * Reads {@code file}; relative paths in it are resolved against the file's directory and {@code
   * ${env:NAME}} against the process environment.
   */
  public static DrawbridgeConfig load(Path file) throws ConfigException, IOException {
    return load(file, Files.readString(file, StandardCharsets.UTF_8));
  }

  /** As {@link #load(Path)}, with {@code yaml} the text already read from {@code file}. */
  public static DrawbridgeConfig load(Path file, String yaml) throws ConfigException {
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getParent() == null ? abs.getRoot() : abs.getParent();
    return parse(yaml, dir, System::getenv, file.toString());
  }

  /**
   * Parses YAML text. {@code baseDir} resolves relative paths (data_dir, TLS files, detection rule
   * globs); {@code env} answers {@code ${env:NAME}} (null: not set).
   */
  public static DrawbridgeConfig parse(String yaml, Path baseDir, Function<String, String> env)
      throws ConfigException {
    return parse(yaml, baseDir, env, "config");
  }

  static DrawbridgeConfig parse(
      String yaml, Path baseDir, Function<String, String> env, String source)
      throws ConfigException {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(env, "env");
    Path base = (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize();
    JsonNode root = YamlSource.read(yaml, source);
    Problems problems = new Problems();
    Cursor c = new Cursor(root, "", problems);
    if (!c.absent() && !root.isObject()) {
      problems.add(
          source,
          "the top level is not a map (expected: a map with " + String.join(", ", KEYS) + ")");
      problems.throwIfAny();
    }
    new EnvInterpolator(env, problems).interpolate(root, "");
    c.object("", KEYS);
    ServerConfig server = ServerSection.read(c.get("server"), base);
    Path dataDir = dataDir(c.get("data_dir"), base);
    StoreConfig store = store(c.get("store"));
    AuditConfig audit = AuditSection.read(c.get("audit"));
    IdentityConfig identity = IdentitySection.read(c.get("identity"), server.publicUrl(), base);
    CredentialsConfig credentials = credentials(c.get("credentials"));
    var applications = ApplicationSection.read(c.get("applications"));
    DetectionConfig detection = DetectionSection.read(c.get("detection"), base);
    LoggingConfig logging = logging(c.get("logging"));
    problems.throwIfAny();
    return new DrawbridgeConfig(
        server, dataDir, store, audit, identity, credentials, applications, detection, logging);
  }

  private static Path dataDir(Cursor c, Path base) {
    String s = c.string("a directory path");
    if (s == null || s.isBlank()) {
      if (s != null) {
        c.problem("is empty (expected: a directory path such as ./data)");
      }
      return base.resolve("data");
    }
    try {
      return base.resolve(s.trim()).normalize();
    } catch (InvalidPathException e) {
      c.badValue("is not a directory path", "a directory path such as ./data");
      return base.resolve("data");
    }
  }

  private static LoggingConfig logging(Cursor c) {
    if (c.absent() || !c.object("a map with format, level", LOGGING_KEYS)) {
      return LoggingConfig.defaults();
    }
    String format = c.get("format").string("text or json");
    if (format != null && !LoggingConfig.FORMATS.contains(format)) {
      c.get("format").badValue("is not a log format", "text or json");
    }
    String level = c.get("level").string("trace, debug, info, warn or error");
    if (level != null && !LoggingConfig.LEVELS.contains(level)) {
      c.get("level").badValue("is not a log level", "trace, debug, info, warn or error");
    }
    return new LoggingConfig(format == null ? "text" : format, level);
  }

  private static StoreConfig store(Cursor c) {
    if (c.absent() || !c.object("a map with " + String.join(", ", STORE_KEYS), STORE_KEYS)) {
      return new StoreConfig(null);
    }
    Duration staleness =
        ServerSection.or(c.get("max_staleness").duration(true), StoreConfig.DEFAULT_MAX_STALENESS);
    Cursor uc = c.get("url");
    String key = encryptionKey(c.get("encryption_key"));
    String previous = encryptionKey(c.get("previous_encryption_key"));
    if (previous != null && c.get("encryption_key").absent()) {
      c.get("previous_encryption_key")
          .problem(
              "needs the new key beside it (expected: store.encryption_key, the key to seal"
                  + " with from now on)");
    }
    if (uc.absent()) {
      if (key != null) {
        c.get("encryption_key")
            .problem(
                "is only used with store.url: the embedded store keeps its keys in data_dir"
                    + " (expected: store.url with it, or no encryption_key)");
      }
      return new StoreConfig(null, staleness);
    }
    // The URL may carry a password: it is never printed.
    if (!uc.node().isTextual() || !STORE_URL.matcher(uc.node().textValue().trim()).matches()) {
      uc.problem(
          "is not a database URL (expected: e.g. postgresql://db/drawbridge?user=…; value not"
              + " shown)");
      return new StoreConfig(null, staleness);
    }
    return new StoreConfig(uc.node().textValue().trim(), staleness, key, previous);
  }

  /** The key's base64 text if it is 32 bytes; never printed. Null if absent or bad (reported). */
  private static String encryptionKey(Cursor c) {
    if (c.absent()) {
      return null;
    }
    if (!c.node().isTextual() || StoreConfig.decodeKey(c.node().textValue()) == null) {
      c.problem(
          "is not 32 bytes in base64 (expected: 32 random bytes in base64, such as the output of"
              + " `openssl rand -base64 32`, e.g. \"${env:DRAWBRIDGE_STORE_KEY}\"; value not"
              + " shown)");
      return null;
    }
    return c.node().textValue().trim();
  }

  private static CredentialsConfig credentials(Cursor c) {
    CredentialsConfig d = CredentialsConfig.defaults();
    if (c.absent()
        || !c.object("a map with " + String.join(", ", CREDENTIAL_KEYS), CREDENTIAL_KEYS)) {
      return d;
    }
    return new CredentialsConfig(
        ServerSection.or(c.get("default_expiry").duration(true), d.defaultExpiry()),
        ServerSection.or(c.get("max_age").duration(true), d.maxAge()),
        ServerSection.or(c.get("dormant_after").duration(true), d.dormantAfter()));
  }
}
