package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.drawbridge.cli.Cli.Result;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 21 and 25: a start that cannot succeed says why in one line naming the key, through the
 * same entry as the CLI ({@code drawbridge serve}), and leaves no data dir behind.
 */
class ServeStartFailureTest {
  @TempDir Path dir;

  private Path config(String server, String dataDir, String extra) throws Exception {
    Path file = dir.resolve("drawbridge.yaml");
    Files.writeString(
        file,
        "server: "
            + server
            + "\ndata_dir: "
            + dataDir
            + "\n"
            + extra
            + """
            applications:
              - id: wiki
                hosts: [wiki.test]
                upstream: http://127.0.0.1:1
                policies: []
            """);
    return file;
  }

  private static ServerSocket busy() throws Exception {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress("127.0.0.1", 0));
    return s;
  }

  @Test
  void aBusyAdminPortNamesTheKeyAndAddressAndCreatesNoDataDir() throws Exception {
    try (ServerSocket taken = busy()) {
      int port = taken.getLocalPort();
      Path data = dir.resolve("data");
      Path file =
          config(
              "{listen: 127.0.0.1:0, admin_listen: 127.0.0.1:" + port + "}", data.toString(), "");

      Result r = Cli.run("serve", "--config", file.toString());

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .contains(
              "error: server.admin_listen: 127.0.0.1:"
                  + port
                  + " is in use (another process listens there); choose another port")
          .doesNotContain("unexpected")
          .doesNotContain("bind(");
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(data).doesNotExist();
    }
  }

  @Test
  void aBusyDataPlanePortNamesServerListen() throws Exception {
    try (ServerSocket taken = busy()) {
      int port = taken.getLocalPort();
      Path data = dir.resolve("data");
      Path file =
          config(
              "{listen: 127.0.0.1:" + port + ", admin_listen: 127.0.0.1:0}", data.toString(), "");

      Result r = Cli.run("serve", "--config", file.toString());

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .contains("error: server.listen: 127.0.0.1:" + port + " is in use")
          .doesNotContain("unexpected");
      assertThat(data).doesNotExist();
    }
  }

  @Test
  void anExistingDataDirIsLeftUnchangedWhenAPortIsBusy() throws Exception {
    try (ServerSocket taken = busy()) {
      Path data = Files.createDirectories(dir.resolve("data"));
      Path file =
          config(
              "{listen: 127.0.0.1:0, admin_listen: 127.0.0.1:" + taken.getLocalPort() + "}",
              data.toString(),
              "");

      Result r = Cli.run("serve", "--config", file.toString());

      assertThat(r.code()).isEqualTo(1);
      try (Stream<Path> in = Files.list(data)) {
        assertThat(in.toList()).isEmpty();
      }
    }
  }

  @Test
  void aDataDirUnderAFileNamesDataDirThePathAndTheFix() throws Exception {
    Path notADir = Files.writeString(dir.resolve("a-file"), "x");
    Path data = notADir.resolve("data");
    Path file = config("{listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0}", data.toString(), "");

    Result r = Cli.run("serve", "--config", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: data_dir: " + data)
        .contains(notADir + " is a file, not a directory")
        .contains("set data_dir to");
  }

  @Test
  void anUnwritableDataDirNamesDataDirThePathAndTheFix() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root can write anywhere");
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-x------"));
    try {
      Path file = config("{listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0}", data.toString(), "");

      Result r = Cli.run("serve", "--config", file.toString());

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .contains("error: data_dir: " + data + " is not writable")
          .contains("give the server's user write access");
    } finally {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** Where even root cannot create files (sysfs), for the same check when the tests run as root. */
  @Test
  void aDataDirThatCannotBeCreatedNamesDataDirAndTheDirectoryAboveIt() throws Exception {
    Path sys = Path.of("/sys");
    boolean writable;
    try {
      Files.delete(Files.createTempFile(sys, "probe", ".tmp"));
      writable = true;
    } catch (Exception e) {
      writable = false;
    }
    assumeFalse(writable || !Files.isDirectory(sys), "needs a directory nobody can write");
    Path data = sys.resolve("drawbridge-test-data");
    Path file = config("{listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0}", data.toString(), "");

    Result r = Cli.run("serve", "--config", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: data_dir: " + data + " cannot be created in /sys, which is not writable")
        .doesNotContain("unexpected");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void anUnreachableStoreNamesStoreUrlWithoutItsPasswordAndCreatesNoDataDir() throws Exception {
    int closed;
    try (ServerSocket s = busy()) {
      closed = s.getLocalPort();
    }
    Path data = dir.resolve("data");
    Path file =
        config(
            "{listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0}",
            data.toString(),
            "store: {url: \"postgresql://gw:s3cr3t-pw@127.0.0.1:" + closed + "/drawbridge\"}\n");

    Result r = Cli.run("serve", "--config", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("error: store.url (postgresql://127.0.0.1:" + closed + "/drawbridge): ")
        .doesNotContain("s3cr3t-pw")
        .doesNotContain("unexpected");
    assertThat(data).doesNotExist();
  }

  @Test
  void aStartThatFailsAfterCreatingTheDataDirRemovesIt() throws Exception {
    Files.writeString(dir.resolve("cert.pem"), "not a certificate");
    Files.writeString(dir.resolve("key.pem"), "not a key");
    Path data = dir.resolve("new/data");
    Path file =
        config(
            "{listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0, tls: {cert_file: cert.pem, key_file:"
                + " key.pem}}",
            data.toString(),
            "");

    Result r = Cli.run("serve", "--config", file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(dir.resolve("new")).doesNotExist();
  }
}
