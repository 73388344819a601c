package dev.drawbridge.control;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TestStores;
import dev.drawbridge.testkit.MutableClock;
import java.nio.file.Path;

/**
 * Two control planes over one store, as two gateway processes (SPEC §8; SQLite: one file). The
 * tokens are created through A before B loads; neither starts its background sync, so B lags A's
 * later changes for as long as a test wants.
 */
record TwoProcesses(Store storeA, Store storeB, ControlPlane a, ControlPlane b)
    implements AutoCloseable {
  static TwoProcesses open(
      TestStores stores, String backend, MutableClock clock, TokenSpec... specs) {
    String url = stores.url(backend);
    Path dir = stores.tempDir();
    Store storeA = Store.open(new StoreConfig(url), dir);
    Store storeB = Store.open(new StoreConfig(url), dir);
    ControlPlane a = new ControlPlane(storeA, null, clock);
    for (TokenSpec s : specs) {
      a.tokens().create(s);
    }
    return new TwoProcesses(storeA, storeB, a, new ControlPlane(storeB, null, clock));
  }

  /** Transactions the two stores ran again after a deadlock or serialization failure. */
  long retried() {
    return storeA.retriedTransactions() + storeB.retriedTransactions();
  }

  @Override
  public void close() {
    a.close();
    b.close();
    storeA.close();
    storeB.close();
  }
}
