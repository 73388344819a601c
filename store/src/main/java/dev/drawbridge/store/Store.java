package dev.drawbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.drawbridge.config.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store: a pooled connection to SQLite ({@code <dataDir>/drawbridge.db}, WAL) or PostgreSQL,
 * migrated on open, and its repositories. Thread-safe; close it once at shutdown.
 */
public final class Store implements AutoCloseable {
  private final HikariDataSource ds;
  private final Db db;
  private final TokenRepository tokens;
  private final LockRepository locks;
  private final BreachRepository breaches;
  private final AlertRepository alerts;
  private final SessionRepository sessions;
  private final WebauthnRepository webauthn;
  private final InviteRepository invites;
  private final ChangeFeed changes;
  private final AuditEventRepository auditEvents;
  private final AuditCheckpointRepository auditCheckpoints;
  private final SigningKeyRepository signingKeys;
  private final PendingCeremonyRepository pendingCeremonies;
  private final LocalUserRepository localUsers;
  private final SeenTokenRepository seenTokens;
  private final ScimRepository scim;
  private final StoreUrls.Jdbc direct;
  private final byte[] encryptionKey;
  private final byte[] previousEncryptionKey;

  private Store(
      HikariDataSource ds,
      boolean postgres,
      Clock clock,
      StoreUrls.Jdbc direct,
      byte[] encryptionKey,
      byte[] previousEncryptionKey) {
    this.ds = ds;
    this.direct = direct;
    this.encryptionKey = encryptionKey;
    this.previousEncryptionKey = previousEncryptionKey;
    this.db = new Db(ds, postgres, clock);
    this.tokens = new TokenRepository(db);
    this.locks = new LockRepository(db);
    this.breaches = new BreachRepository(db);
    this.alerts = new AlertRepository(db);
    this.sessions = new SessionRepository(db);
    this.webauthn = new WebauthnRepository(db);
    this.invites = new InviteRepository(db);
    this.changes = new ChangeFeed(db);
    this.auditEvents = new AuditEventRepository(db);
    this.auditCheckpoints = new AuditCheckpointRepository(db);
    this.signingKeys = new SigningKeyRepository(db);
    this.pendingCeremonies = new PendingCeremonyRepository(db);
    this.localUsers = new LocalUserRepository(db);
    this.seenTokens = new SeenTokenRepository(db);
    this.scim = new ScimRepository(db);
  }

  /** Opens (and migrates) the store: SQLite in {@code dataDir} when {@code cfg.url} is null. */
  public static Store open(StoreConfig cfg, Path dataDir) {
    return open(cfg, dataDir, Clock.systemUTC());
  }

  /** As {@link #open(StoreConfig, Path)}; {@code clock} stamps change-feed entries. */
  public static Store open(StoreConfig cfg, Path dataDir, Clock clock) {
    boolean postgres = cfg != null && cfg.url() != null;
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("drawbridge-store");
    if (postgres) {
      StoreUrls.Jdbc jdbc = StoreUrls.postgres(cfg.url());
      hc.setJdbcUrl(jdbc.url());
      hc.setDataSourceProperties(jdbc.props());
      hc.addDataSourceProperty("reWriteBatchedInserts", "true");
      hc.setMaximumPoolSize(8);
    } else {
      hc.setDataSource(sqlite(dataDir));
      hc.setMaximumPoolSize(4);
    }
    hc.setMinimumIdle(1);
    if (postgres) {
      hc.setConnectionTimeout(5_000); // fail fast while PostgreSQL is down; callers retry
    }
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          .placeholders(
              Map.of(
                  "autoinc",
                  postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"))
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Store(
        ds,
        postgres,
        clock,
        postgres ? StoreUrls.postgres(cfg.url()) : null,
        postgres ? cfg.encryptionKeyBytes() : null,
        postgres ? cfg.previousEncryptionKeyBytes() : null);
  }

  private static SQLiteDataSource sqlite(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("data_dir: cannot create " + dataDir, e);
    }
    Path db = dataDir.resolve("drawbridge.db");
    if (!Files.exists(db) && db.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      try { // SQLite takes an empty file as a new database, and gives its -wal and -shm this mode
        Files.createFile(
            db,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      } catch (IOException e) {
        throw new UncheckedIOException("data_dir: cannot create " + db, e);
      }
    }
    SQLiteConfig sc = new SQLiteConfig();
    sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sc.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sc.setBusyTimeout(10_000);
    // Take the write lock at BEGIN: avoids SQLITE_BUSY on lock upgrade, which busy_timeout
    // cannot resolve for a deferred transaction that has already read.
    sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource sds = new SQLiteDataSource(sc);
    sds.setUrl("jdbc:sqlite:" + dataDir.resolve("drawbridge.db").toAbsolutePath());
    return sds;
  }

  /**
   * {@code store.encryption_key}: the 32 bytes that seal secrets kept in PostgreSQL (the assertion
   * signing keys), or null when none is set (or the store is the embedded one).
   */
  public byte[] encryptionKey() {
    return encryptionKey == null ? null : encryptionKey.clone();
  }

  /** {@code store.previous_encryption_key}: opens what the key before the current one sealed. */
  public byte[] previousEncryptionKey() {
    return previousEncryptionKey == null ? null : previousEncryptionKey.clone();
  }

  public boolean isPostgres() {
    return db.postgres;
  }

  /**
   * Transactions run again since start because PostgreSQL aborted them as a deadlock victim or a
   * serialization failure (0 on SQLite, and expected to stay 0: writes lock rows in one order).
   */
  public long retriedTransactions() {
    return db.retried.get();
  }

  public TokenRepository tokens() {
    return tokens;
  }

  public LockRepository locks() {
    return locks;
  }

  public BreachRepository breaches() {
    return breaches;
  }

  public AlertRepository alerts() {
    return alerts;
  }

  public SessionRepository sessions() {
    return sessions;
  }

  public WebauthnRepository webauthn() {
    return webauthn;
  }

  public InviteRepository invites() {
    return invites;
  }

  /** Sign-ins and security-key ceremonies in progress, shared by gateways (PostgreSQL). */
  public PendingCeremonyRepository pendingCeremonies() {
    return pendingCeremonies;
  }

  /** Local (security-key) users' groups, shared by gateways (PostgreSQL). */
  public LocalUserRepository localUsers() {
    return localUsers;
  }

  /** Ids of logout tokens and security event tokens already accepted (replay guard). */
  public SeenTokenRepository seenTokens() {
    return seenTokens;
  }

  /** SCIM Users and Groups of the provisioning client. */
  public ScimRepository scim() {
    return scim;
  }

  public ChangeFeed changes() {
    return changes;
  }

  /** The shared audit table (scale-out: every gateway ships its local log here). */
  public AuditEventRepository auditEvents() {
    return auditEvents;
  }

  /** Signed audit checkpoints kept outside the data directory (used with PostgreSQL). */
  public AuditCheckpointRepository auditCheckpoints() {
    return auditCheckpoints;
  }

  /** The shared assertion signing keys (used with PostgreSQL; SQLite keeps them in data_dir). */
  public SigningKeyRepository signingKeys() {
    return signingKeys;
  }

  /**
   * A new connection outside the pool, for sessions that hold state on the server (LISTEN, session
   * advisory locks). PostgreSQL only; the caller closes it.
   */
  public Connection connectDirect() throws SQLException {
    if (direct == null) {
      throw new SQLException("connectDirect: only with store.url (PostgreSQL)");
    }
    Properties p = new Properties();
    p.putAll(direct.props());
    p.putIfAbsent("connectTimeout", "5");
    p.putIfAbsent("tcpKeepAlive", "true");
    return DriverManager.getConnection(direct.url(), p);
  }

  @Override
  public void close() {
    ds.close();
  }
}
