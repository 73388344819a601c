package dev.drawbridge.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An append-only file as the writer sees it: the seam through which tests inject slow or failing
 * disks. Implementations write at the end of the file.
 */
public interface LogFile extends Closeable {
  /** Writes all remaining bytes of {@code src} at the end of the file. */
  void write(ByteBuffer src) throws IOException;

  /** Makes everything written so far durable ({@code FileChannel.force(false)}). */
  void force() throws IOException;

  long size() throws IOException;

  /** Cuts the file to {@code size} bytes; the next write goes there. */
  void truncate(long size) throws IOException;
}
