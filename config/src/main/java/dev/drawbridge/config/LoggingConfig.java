package dev.drawbridge.config;

import java.util.Set;

/**
 * {@code logging: {format: text|json, level: info}} (a Drawbridge addition to SPEC §3): how the
 * process log is written to standard error. Read at start only. {@code level} null: the {@code
 * DRAWBRIDGE_LOG_LEVEL} environment variable, else {@code info}.
 */
public record LoggingConfig(String format, String level) {
  public static final Set<String> FORMATS = Set.of("text", "json");
  public static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error");

  public static LoggingConfig defaults() {
    return new LoggingConfig("text", null);
  }

  public boolean json() {
    return "json".equals(format);
  }
}
