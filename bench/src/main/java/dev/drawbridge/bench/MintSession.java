package dev.drawbridge.bench;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.identity.session.SessionCookies;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * A benchmark helper: creates one user session in the store of a gateway's config, as a sign-in
 * would, and prints the {@code Cookie} header value that presents it over plain http. Run it before
 * the gateway starts (the gateway loads the sessions at start): {@code java -cp
 * bench/target/benchmarks.jar dev.drawbridge.bench.MintSession drawbridge.yaml ana@corp.example
 * engineering,staff}.
 */
public final class MintSession {
  private MintSession() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: MintSession CONFIG EMAIL [GROUP,GROUP...] [AMR,AMR...]");
      System.exit(2);
    }
    DrawbridgeConfig cfg = ConfigLoader.load(Path.of(args[0]));
    List<String> groups = args.length > 2 ? Arrays.asList(args[2].split(",")) : List.of();
    List<String> amr = args.length > 3 ? Arrays.asList(args[3].split(",")) : List.of("hwk");
    Clock clock = Clock.systemUTC();
    Files.createDirectories(cfg.dataDir());
    try (Store store = Store.open(cfg.store(), cfg.dataDir(), clock)) {
      SessionManager.NewSession s =
          new SessionManager(store.sessions(), store.changes(), cfg.identity().session(), clock)
              .create(args[1], groups, "local", amr, clock.instant());
      System.out.println(SessionCookies.PLAIN_NAME + "=" + s.cookieValue());
    }
  }
}
