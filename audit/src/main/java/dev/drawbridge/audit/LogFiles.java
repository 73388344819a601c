package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Opens {@link LogFile}s; {@link #standard()} uses a {@link FileChannel}. */
@FunctionalInterface
public interface LogFiles {
  /** Opens (creating if needed) {@code path} for appending. */
  LogFile open(Path path) throws IOException;

  static LogFiles standard() {
    return ChannelLogFile::new;
  }

  /** The production {@link LogFile}: a FileChannel positioned at the end. */
  final class ChannelLogFile implements LogFile {
    private final FileChannel channel;

    ChannelLogFile(Path path) throws IOException {
      Set<StandardOpenOption> options =
          EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      // the log is for the server's user alone: created 0600 where permissions exist
      channel =
          path.getFileSystem().supportedFileAttributeViews().contains("posix")
              ? FileChannel.open(
                  path,
                  options,
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : FileChannel.open(path, options);
      channel.position(channel.size());
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
      while (src.hasRemaining()) {
        channel.write(src);
      }
    }

    @Override
    public void force() throws IOException {
      channel.force(false);
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public void truncate(long size) throws IOException {
      channel.truncate(size);
      channel.position(size);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
