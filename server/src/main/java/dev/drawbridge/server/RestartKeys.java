package dev.drawbridge.server;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The config keys a reload does not apply: what is bound, opened or wired once at start (sockets,
 * event loops, TLS context, data dir, store, identity providers). A reload applies {@code
 * applications}, {@code server.trusted_proxies}, {@code server.timeouts}, {@code credentials},
 * {@code detection} and {@code audit}; a change to any key listed here is named so the operator
 * knows it waits for a restart.
 */
final class RestartKeys {
  private RestartKeys() {}

  /**
   * The restart-only keys whose values differ between the running server ({@code cur}: the config
   * it started with) and {@code next}, with {@code (old → new)} where the value is plain (never for
   * sections that may hold secrets: store, identity).
   */
  static List<Change> changed(DrawbridgeConfig cur, DrawbridgeConfig next) {
    List<Change> out = new ArrayList<>();
    ServerConfig a = cur.server();
    ServerConfig b = next.server();
    shown(out, "server.listen", a.listen(), b.listen());
    shown(out, "server.admin_listen", a.adminListen(), b.adminListen());
    shown(out, "server.public_url", a.publicUrl(), b.publicUrl());
    shown(out, "server.event_loops", loops(a.eventLoops()), loops(b.eventLoops()));
    named(out, "server.tls", a.tls(), b.tls());
    shown(out, "data_dir", cur.dataDir(), next.dataDir());
    named(out, "store", cur.store(), next.store());
    named(out, "identity", cur.identity(), next.identity());
    return out;
  }

  /** One changed key; {@code values} is {@code " (old → new)"} or empty. */
  record Change(String key, String values) {
    @Override
    public String toString() {
      return key + values;
    }
  }

  private static void shown(List<Change> out, String key, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(new Change(key, " (" + text(a) + " → " + text(b) + ")"));
    }
  }

  private static void named(List<Change> out, String key, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(new Change(key, ""));
    }
  }

  private static Object loops(int n) {
    return n == 0 ? "default" : n;
  }

  private static String text(Object v) {
    if (v instanceof dev.drawbridge.config.HostPort hp) {
      return (hp.host().contains(":") ? "[" + hp.host() + "]" : hp.host()) + ":" + hp.port();
    }
    return String.valueOf(v);
  }
}
