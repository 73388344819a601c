package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code psql} through {@code drawbridge connect --listen} to an embedded PostgreSQL behind a
 * {@code tcp://} application: the PostgreSQL wire protocol end to end through the tunnel.
 */
class PsqlThroughTunnelTest {
  static final Path PSQL = Path.of("/usr/bin/psql");

  @TempDir Path dir;

  @Test
  void psqlQueriesPostgresThroughALocalPort() throws Exception {
    assumeTrue(Files.isExecutable(PSQL), "psql (postgresql-client) is installed");
    int local;
    try (ServerSocket s = new ServerSocket(0)) {
      local = s.getLocalPort();
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        TunnelFixture f = new TunnelFixture(dir, pg.getPort())) {
      Process connect =
          f.connect("--host", "app.test", "--listen", "127.0.0.1:" + local)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("connect.log").toFile())
              .start();
      try {
        awaitPort(local, connect);
        Process psql =
            new ProcessBuilder(
                    PSQL.toString(),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    "" + local,
                    "-U",
                    "postgres",
                    "-At",
                    "-c",
                    "select 40 + 2")
                .redirectErrorStream(true)
                .start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(psql.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out.trim()).isEqualTo("42");
      } finally {
        connect.destroy();
        connect.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  static void awaitPort(int port, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("drawbridge connect --listen did not listen");
        }
        Thread.sleep(50);
      }
    }
  }
}
