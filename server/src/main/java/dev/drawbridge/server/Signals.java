package dev.drawbridge.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIGHUP → reload, where the JVM lets us handle it. */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  @SuppressWarnings("removal")
  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("HUP"),
          s -> {
            LOG.info("SIGHUP: reloading config");
            new Thread(action, "drawbridge-reload").start();
          });
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("SIGHUP reload is not available on this platform: {}", e.toString());
    }
  }
}
