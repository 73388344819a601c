package dev.drawbridge.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.drawbridge.config.LoggingConfig;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging} to the process log at start: the root level, and for {@code format: json}
 * Logback's JSON encoder on standard error in place of the text pattern of {@code logback.xml}
 * (which already writes the date and zone). Does nothing when Logback is not the SLF4J binding
 * (tests may use another).
 */
final class LogSettings {
  private LogSettings() {}

  static void apply(LoggingConfig cfg) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (cfg.level() != null) {
      root.setLevel(Level.toLevel(cfg.level().toUpperCase(Locale.ROOT), Level.INFO));
    }
    if (cfg.json() && root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> old) {
      ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
      json.setContext(ctx);
      json.setName("STDERR");
      json.setTarget("System.err");
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(ctx);
      encoder.start();
      json.setEncoder(encoder);
      json.start();
      root.addAppender(json);
      root.detachAppender(old);
      old.stop();
    }
  }
}
