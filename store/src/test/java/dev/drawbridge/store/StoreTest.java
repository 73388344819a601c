package dev.drawbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.config.StoreConfig;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path tmp;

  @Test
  void embeddedStoreIsSqliteInWalModeInsideTheDataDir() throws Exception {
    Path dir = tmp.resolve("data");
    try (Store store = Store.open(new StoreConfig(null), dir)) {
      assertThat(store.isPostgres()).isFalse();
      store.tokens().insert(Tokens.token("ci-bot", null, Tokens.T0));
    }
    Path file = dir.resolve("drawbridge.db");
    assertThat(file).exists();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void reopeningAMigratedStoreKeepsItsData() {
    Path dir = tmp;
    try (Store store = Store.open(new StoreConfig(null), dir)) {
      store.tokens().insert(Tokens.token("ci-bot", null, Tokens.T0));
    }
    try (Store store = Store.open(new StoreConfig(null), dir)) {
      assertThat(store.tokens().findByName("ci-bot")).isPresent();
    }
  }

  @Test
  void postgresUrlsBecomeJdbcUrlsWithCredentialsAsProperties() {
    var plain = StoreUrls.postgres("postgresql://db:5432/drawbridge?user=gw&password=s3cret");
    assertThat(plain.url())
        .isEqualTo("jdbc:postgresql://db:5432/drawbridge?user=gw&password=s3cret");

    var userInfo = StoreUrls.postgres("postgres://gw:p%40ss@db/drawbridge");
    assertThat(userInfo.url()).isEqualTo("jdbc:postgresql://db/drawbridge");
    assertThat(userInfo.props()).containsEntry("user", "gw").containsEntry("password", "p@ss");

    var jdbc = StoreUrls.postgres("jdbc:postgresql://db/drawbridge");
    assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://db/drawbridge");
  }

  @Test
  void unsupportedUrlsAreRejectedWithoutEchoingThePassword() {
    assertThatThrownBy(() -> StoreUrls.postgres("mysql://root:hunter2@db/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("store.url: scheme \"mysql\"")
        .hasMessageNotContaining("hunter2");
  }
}
