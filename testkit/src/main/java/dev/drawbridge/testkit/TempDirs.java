package dev.drawbridge.testkit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Removes the temporary directories that test fixtures create outside JUnit's {@code @TempDir} (a
 * fixture's dir lives as long as the fixture, and is deleted by its {@code close()}).
 */
public final class TempDirs {
  private TempDirs() {}

  /**
   * Deletes {@code dir} and everything under it; a missing (or null) dir is fine. Never throws: it
   * runs in a fixture's cleanup, where an exception would hide the test's own failure. What it
   * cannot delete (say, a file a process still writes into) is named on stderr and left behind.
   */
  public static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        deleteTree(dir);
        return;
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        // a closing server may still be writing a last file: wait a moment and walk again
        last = e;
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    System.err.println("warning: could not delete the test directory " + dir + ": " + last);
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE; // gone between listing and visiting
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
