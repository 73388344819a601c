package dev.drawbridge.store;

import dev.drawbridge.config.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL per test class (started lazily) and fresh stores on either backend: a new
 * SQLite file in a temp dir, or a new PostgreSQL database.
 */
public final class TestStores implements AutoCloseable {
  public static final String SQLITE = "sqlite";
  public static final String POSTGRES = "postgres";

  private static final AtomicInteger DBS = new AtomicInteger();
  private static EmbeddedPostgres pg;

  public Store open(String backend) {
    return Store.open(new StoreConfig(url(backend)), tempDir());
  }

  /** The store URL of a new empty database (null for SQLite). */
  public String url(String backend) {
    if (backend.equals(SQLITE)) {
      return null;
    }
    String db = "t" + DBS.incrementAndGet();
    try (Connection c = postgres().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " TEMPLATE migrated");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "postgresql://localhost:" + pg.getPort() + "/" + db + "?user=postgres";
  }

  public static Path tempDir() {
    try {
      return Files.createTempDirectory("drawbridge-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized EmbeddedPostgres postgres() {
    if (pg == null) {
      try {
        // Tests need no durability: skip fsync so CREATE DATABASE and commits are cheap.
        pg =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE migrated");
        }
        // Migrate once; every test database is a copy of this template.
        String url = "postgresql://localhost:" + pg.getPort() + "/migrated?user=postgres";
        Store.open(new StoreConfig(url), tempDir()).close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return pg;
  }

  /** Nothing to do: the shared server outlives test classes. */
  @Override
  public void close() {}
}
