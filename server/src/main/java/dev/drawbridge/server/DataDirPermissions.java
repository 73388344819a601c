package dev.drawbridge.server;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the store, the audit log, signing keys and the admin token: only the
 * server's user may read it. Created {@code 0700}; at start every directory in it is made {@code
 * 0700} and every file {@code 0600} (an older install's {@code 0644} files included). Files created
 * later inherit nothing from here, but sit in a {@code 0700} directory (and the audit writer and
 * the store create theirs {@code 0600}). No-op where the file system has no POSIX permissions.
 */
final class DataDirPermissions {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirPermissions.class);
  static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirPermissions() {}

  /** Creates {@code dir} (and missing parents) {@code 0700}, or leaves an existing one. */
  static void create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix(dir.toAbsolutePath().getRoot())) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
      Files.setPosixFilePermissions(dir, DIR); // the umask may have taken bits we did not ask for
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * The top directory that creating {@code dir} would create ({@code dir} or a missing parent), or
   * null when {@code dir} exists: what to remove when a start fails.
   */
  static Path firstMissing(Path dir) {
    Path p = dir.toAbsolutePath().normalize();
    if (Files.exists(p)) {
      return null;
    }
    while (p.getParent() != null && !Files.exists(p.getParent())) {
      p = p.getParent();
    }
    return p;
  }

  /** Deletes {@code dir} and all in it (a data dir a failed start created); logs what it cannot. */
  static void remove(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.deleteIfExists(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("data_dir: could not remove {} after the failed start: {}", dir, e.getMessage());
    }
  }

  /** Makes every directory under {@code dir} (itself included) 0700 and every file 0600. */
  static void tighten(Path dir) {
    if (!posix(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                throws IOException {
              set(d, DIR);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              if (a.isRegularFile()) {
                set(f, FILE);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              return FileVisitResult.CONTINUE; // e.g. a file removed meanwhile
            }
          });
    } catch (IOException e) {
      LOG.warn("data_dir: cannot restrict the permissions under {}: {}", dir, e.getMessage());
    }
  }

  private static void set(Path p, Set<PosixFilePermission> wanted) {
    try {
      Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
      if (!wanted.containsAll(now) || !now.containsAll(wanted)) {
        Files.setPosixFilePermissions(p, wanted);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("data_dir: cannot set the permissions of {}: {}", p, e.getMessage());
    }
  }

  private static boolean posix(Path p) {
    return p != null && p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
