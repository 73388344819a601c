package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21: the data dir is 0700 and the files in it 0600 (store, log, checkpoints, keys). */
class DataDirPermissionsTest {
  @TempDir Path dir;

  @Test
  void aFreshDataDirIsOnlyForTheServersUser() throws Exception {
    Path data = dir.resolve("data");
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file,
        MetricsTest.CONFIG.replace("${DATA}", data.toString()).replace("UP", "http://127.0.0.1:1"));
    DrawbridgeServer s =
        DrawbridgeServer.start(
            ConfigLoader.load(file), file, new MutableClock(Instant.parse("2026-11-30T10:00:00Z")));
    s.close(); // writes the final checkpoint too

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    List<Path> all;
    try (Stream<Path> w = Files.walk(data)) {
      all = w.toList();
    }
    assertThat(all)
        .extracting(p -> data.relativize(p).toString().replace('\\', '/'))
        .contains(
            "drawbridge.db",
            "admin.token",
            "audit/checkpoints.jsonl",
            "audit/segment-000001.jsonl",
            "audit/checkpoint.key");
    for (Path p : all) {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
      assertThat(mode)
          .as(data.relativize(p).toString())
          .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
    }
  }

  @Test
  void anOlderInstallsReadableFilesAreTightenedAtStart() throws Exception {
    Path data = dir.resolve("data");
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file,
        MetricsTest.CONFIG.replace("${DATA}", data.toString()).replace("UP", "http://127.0.0.1:1"));
    var clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    DrawbridgeServer.start(ConfigLoader.load(file), file, clock).close();
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        data.resolve("drawbridge.db"), PosixFilePermissions.fromString("rw-r--r--"));

    DrawbridgeServer.start(ConfigLoader.load(file), file, clock).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("drawbridge.db"))))
        .isEqualTo("rw-------");
  }
}
