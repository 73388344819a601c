package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

/** Builds the human-identity side from config. */
final class IdentityWiring {
  private IdentityWiring() {}

  static Identity create(DrawbridgeConfig cfg, Store store, Clock clock, AuditLog audit) {
    return Identity.NONE;
  }

  static BiFunction<String, List<String>, String> inviter(Identity identity) {
    return null;
  }

  static void close(Identity identity) {}
}
