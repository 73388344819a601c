package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LogFiles} seam that counts forces and can slow, block or fail writes. Public (in the
 * audit test jar) for tests of modules that use the audit log.
 */
public final class FaultyFiles implements LogFiles {
  public final AtomicInteger forces = new AtomicInteger();
  public final AtomicInteger writes = new AtomicInteger();
  public volatile boolean failWrites;
  public volatile long forceDelayMillis;
  public volatile CountDownLatch forceGate;

  /** When set, writes to segment files wait until it opens (a disk that does not answer). */
  public volatile CountDownLatch segmentWriteGate;

  /** When set, opening a file throws it (an unchecked failure, as from a bug or a provider). */
  public volatile RuntimeException openThrows;

  @Override
  public LogFile open(Path path) throws IOException {
    RuntimeException thrown = openThrows;
    if (thrown != null) {
      throw thrown;
    }
    if (failWrites) {
      throw new IOException("No space left on device (injected)");
    }
    LogFile real = LogFiles.standard().open(path);
    return new LogFile() {
      @Override
      public void write(ByteBuffer src) throws IOException {
        CountDownLatch wg = segmentWriteGate;
        if (wg != null && path.getFileName().toString().startsWith("segment-")) {
          try {
            wg.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the disk was held", e);
          }
        }
        if (failWrites) {
          throw new IOException("No space left on device (injected)");
        }
        writes.incrementAndGet();
        real.write(src);
      }

      @Override
      public void force() throws IOException {
        if (failWrites) {
          throw new IOException("No space left on device (injected)");
        }
        CountDownLatch gate = forceGate;
        if (gate != null) {
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (forceDelayMillis > 0) {
          try {
            Thread.sleep(forceDelayMillis); // simulates a slow disk, not the passage of time
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (path.getFileName().toString().startsWith("segment-")) {
          forces.incrementAndGet();
        }
        real.force();
      }

      @Override
      public long size() throws IOException {
        return real.size();
      }

      @Override
      public void truncate(long size) throws IOException {
        if (failWrites) {
          throw new IOException("No space left on device (injected)");
        }
        real.truncate(size);
      }

      @Override
      public void close() throws IOException {
        real.close();
      }
    };
  }
}
