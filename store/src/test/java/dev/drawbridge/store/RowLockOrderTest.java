package dev.drawbridge.store;

import static dev.drawbridge.store.Tokens.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every multi-row write to {@code tokens} locks and writes rows in token id order (so two of them
 * on overlapping rows, from any processes, queue instead of deadlocking), and a transaction that
 * PostgreSQL still aborts as a deadlock victim is run again. The write order is observed through
 * the change feed, which records each row's change in the order the transaction wrote it.
 */
class RowLockOrderTest {
  @RegisterExtension static final TestStores stores = new TestStores();

  /** A token whose id sorts the other way round from its name ("a-…" gets "tok_z…"). */
  static TokenRecord token(String id, String name, Instant issued) {
    TokenRecord t = Tokens.token(name, Map.of("vendor", "okta"), issued);
    return new TokenRecord(
        id,
        t.name(),
        t.clientId(),
        t.secretHash(),
        t.prevSecretHash(),
        t.prevSecretValidUntil(),
        t.apps(),
        t.cidrs(),
        t.owner(),
        t.labels(),
        t.createdAt(),
        t.secretIssuedAt(),
        t.expiresAt(),
        t.revokedAt(),
        t.suspendedAt(),
        t.suspendedReason(),
        t.exposedAt(),
        t.exposedVendor(),
        t.lastUsedAt(),
        t.lastUsedIp(),
        t.networks());
  }

  static final List<TokenRecord> ROWS =
      List.of(
          token("tok_z1", "a-first-by-name", T0),
          token("tok_m1", "m-middle", T0),
          token("tok_a1", "z-last-by-name", T0));

  static UsageUpdate use(String id, Instant at) {
    return new UsageUpdate(id, at, "198.51.100.7", Map.of("198.51.100.0/24", at.toEpochMilli()));
  }

  static List<String> keysAfter(Store store, long id, String kind) {
    return store.changes().since(id).stream()
        .filter(c -> c.kind().equals(kind))
        .map(Change::key)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void usageIsWrittenInIdOrderWhateverOrderItArrivesIn(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insertAll(ROWS);
      long before = store.changes().latestId();
      Instant at = T0.plusSeconds(60);
      store.tokens().recordUsage(List.of(use("tok_m1", at), use("tok_z1", at), use("tok_a1", at)));
      assertThat(keysAfter(store, before, Change.TOKEN_USAGE))
          .containsExactly("tok_a1", "tok_m1", "tok_z1");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aBreachWritesTokensInIdOrderNotNameOrder(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insertAll(ROWS);
      long before = store.changes().latestId();
      BreachOutcome out =
          store
              .breaches()
              .declare(
                  new BreachRecord(
                      "brc_1", "okta", T0.plusSeconds(1), "suspend", T0.plusSeconds(2), "ana"));
      assertThat(keysAfter(store, before, Change.TOKEN))
          .containsExactly("tok_a1", "tok_m1", "tok_z1");
      // what it reports is still by name
      assertThat(out.tokens())
          .extracting(TokenRecord::name)
          .containsExactly("a-first-by-name", "m-middle", "z-last-by-name");
    }
  }

  /**
   * A real deadlock: another session holds tok_z1 and then asks for tok_a1 while a usage write
   * holds tok_a1 and waits for tok_z1. The other session waits 10 s before checking for deadlocks,
   * the store's 1 s (the default), so the store's transaction is the victim; it is run again and
   * succeeds once the other session commits.
   */
  @Test
  void aUsageWriteAbortedAsADeadlockVictimIsRunAgain() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Store store = stores.open(TestStores.POSTGRES);
        Connection other = store.connectDirect();
        Connection watch = store.connectDirect()) {
      store.tokens().insertAll(ROWS);
      try (Statement s = other.createStatement()) {
        s.execute("SET deadlock_timeout = '10s'");
      }
      other.setAutoCommit(false);
      lock(other, "tok_z1");
      Instant at = T0.plusSeconds(60);
      Future<?> write =
          pool.submit(
              () -> store.tokens().recordUsage(List.of(use("tok_z1", at), use("tok_a1", at))));
      awaitLockWaiters(watch, 1); // the usage write holds tok_a1 and waits for tok_z1
      lock(other, "tok_a1"); // deadlock; returns once the store's transaction is aborted
      other.commit();
      write.get(20, TimeUnit.SECONDS);
      assertThat(store.retriedTransactions()).isEqualTo(1);
      assertThat(store.tokens().findById("tok_a1").orElseThrow().lastUsedAt()).isEqualTo(at);
      assertThat(store.tokens().findById("tok_z1").orElseThrow().lastUsedAt()).isEqualTo(at);
    } finally {
      pool.shutdownNow();
    }
  }

  static void lock(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM tokens WHERE id = ? FOR UPDATE")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  static void awaitLockWaiters(Connection watch, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Statement s = watch.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                      + " AND datname = current_database()")) {
        rs.next();
        if (rs.getInt(1) >= n) {
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no session waited for a row lock within 10 s");
  }
}
