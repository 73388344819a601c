package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link LogFiles} seam that counts forces and can slow, block or fail writes. */
final class FaultyFiles implements LogFiles {
  final AtomicInteger forces = new AtomicInteger();
  final AtomicInteger writes = new AtomicInteger();
  volatile boolean failWrites;
  volatile long forceDelayMillis;
  volatile CountDownLatch forceGate;

  @Override
  public LogFile open(Path path) throws IOException {
    if (failWrites) {
      throw new IOException("No space left on device (injected)");
    }
    LogFile real = LogFiles.standard().open(path);
    return new LogFile() {
      @Override
      public void write(ByteBuffer src) throws IOException {
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
