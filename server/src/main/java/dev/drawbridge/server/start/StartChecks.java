package dev.drawbridge.server.start;

import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.HostPort;
import dev.drawbridge.store.Store;
import java.time.Clock;

/**
 * What a start needs, checked before anything is created on disk (issue 25): both listen addresses
 * free and distinct, {@code data_dir} usable, and a PostgreSQL store reachable.
 */
public final class StartChecks {
  private StartChecks() {}

  /** Throws a {@link StartupException} naming the key of the first thing that stands in the way. */
  public static void listenersAndDataDir(DrawbridgeConfig cfg) {
    HostPort listen = cfg.server().listen();
    HostPort admin = cfg.server().adminListen();
    if (listen.port() != 0 && listen.port() == admin.port() && overlap(listen, admin)) {
      throw new StartupException(
          "server.admin_listen: "
              + admin
              + " is the port of server.listen ("
              + listen
              + "); choose another port");
    }
    ListenCheck.probe("server.listen", listen);
    ListenCheck.probe("server.admin_listen", admin);
    DataDirCheck.check(cfg.dataDir());
  }

  /** The PostgreSQL store opened and migrated, or null for the embedded store (opened later). */
  public static Store postgresStore(DrawbridgeConfig cfg, Clock clock) {
    return cfg.store().embedded() ? null : StoreCheck.open(cfg.store(), cfg.dataDir(), clock);
  }

  /**
   * For a failure after the checks (e.g. a port taken in between): one line naming the key when it
   * was a bind, else null.
   */
  public static String explainBind(DrawbridgeConfig cfg, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof java.net.BindException || m.contains("bind(") || m.contains("in use")) {
        for (String key : new String[] {"server.listen", "server.admin_listen"}) {
          HostPort at =
              key.equals("server.listen") ? cfg.server().listen() : cfg.server().adminListen();
          try {
            ListenCheck.probe(key, at);
          } catch (StartupException busy) {
            return busy.getMessage();
          }
        }
        return "server.listen or server.admin_listen: cannot be listened on: " + m;
      }
    }
    return null;
  }

  private static boolean overlap(HostPort a, HostPort b) {
    return a.host().equals(b.host())
        || a.host().equals("0.0.0.0")
        || b.host().equals("0.0.0.0")
        || a.host().equals("::")
        || b.host().equals("::");
  }
}
