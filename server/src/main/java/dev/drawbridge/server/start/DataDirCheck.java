package dev.drawbridge.server.start;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether {@code data_dir} can be used, found out without creating it: an existing one must be a
 * writable directory; a missing one needs a writable directory above it. Writability is probed by
 * creating and deleting a file (permissions alone miss read-only file systems and ACLs).
 */
final class DataDirCheck {
  private DataDirCheck() {}

  static void check(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new StartupException(
            "data_dir: "
                + dir
                + " is not a directory (it is a file); set data_dir to a directory, or move the"
                + " file away");
      }
      probeWrite(dir, dir, "is not writable");
      return;
    }
    Path above = dir.getParent();
    while (above != null && !Files.exists(above)) {
      above = above.getParent();
    }
    if (above == null) {
      throw new StartupException("data_dir: " + dir + " cannot be created (no existing parent)");
    }
    if (!Files.isDirectory(above)) {
      throw new StartupException(
          "data_dir: "
              + dir
              + " cannot be created: "
              + above
              + " is a file, not a directory; set data_dir to a path under a directory");
    }
    probeWrite(above, dir, "cannot be created in " + above + ", which is not writable");
  }

  private static void probeWrite(Path where, Path dataDir, String what) {
    Path probe = null;
    try {
      probe = Files.createTempFile(where, ".drawbridge-probe-", ".tmp");
    } catch (IOException e) {
      String why = reason(e);
      throw new StartupException(
          "data_dir: "
              + dataDir
              + " "
              + what
              + " by this user ("
              + why
              + "); "
              + (why.contains("ead-only")
                  ? "the file system is read-only: set data_dir to a path on a writable one"
                  : "give the server's user write access (e.g. chown it to that user), or set"
                      + " data_dir to a directory it can write"),
          e);
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException ignored) {
          // a probe left behind is harmless and hidden
        }
      }
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException) {
      return e.getClass().getSimpleName();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
