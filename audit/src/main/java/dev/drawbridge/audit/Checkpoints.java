package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Appends signed checkpoints to {@code checkpoints.jsonl}: {@code
 * {"seq","hash","time","segment"[,"pruned":true],"signature"}}. Used only by the writer thread.
 */
final class Checkpoints implements AutoCloseable {
  static final String FILE = "checkpoints.jsonl";

  private final Path path;
  private final LogFiles files;
  private final PrivateKey key;
  private LogFile file;
  private long committed;

  /** Told each checkpoint line (without its newline) once it is forced; must not block. */
  final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  Checkpoints(Path dir, LogFiles files, PrivateKey key) throws IOException {
    this.path = dir.resolve(FILE);
    this.files = files;
    this.key = key;
    this.file = files.open(path);
    this.committed = completeLinesLength(path);
    if (file.size() > committed) {
      file.truncate(committed); // a checkpoint torn by a crash: it never completed
      file.force();
    }
  }

  private static long completeLinesLength(Path path) throws IOException {
    long[] end = {0};
    SegmentFiles.readLines(
        path,
        l -> {
          if (l.terminated()) {
            end[0] = l.offset() + l.length();
          }
          return true;
        });
    return end[0];
  }

  /** Appends and forces one signed checkpoint line. */
  void append(long seq, String hash, Instant time, String segment, boolean pruned)
      throws IOException {
    Map<String, Object> cp = new LinkedHashMap<>();
    cp.put("seq", seq);
    cp.put("hash", hash);
    cp.put("time", AuditJson.formatTime(time));
    cp.put("segment", segment);
    if (pruned) {
      cp.put("pruned", true);
    }
    cp.put("signature", CheckpointKeys.sign(key, cp));
    byte[] line = (AuditJson.LINE.writeValueAsString(cp) + "\n").getBytes(StandardCharsets.UTF_8);
    file.write(ByteBuffer.wrap(line));
    file.force();
    committed += line.length;
    String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    for (Consumer<String> l : listeners) {
      try {
        l.accept(text);
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(Checkpoints.class)
            .warn("a checkpoint listener failed: {}", e.toString());
      }
    }
  }

  /** After a failure: reopen and cut anything not fully committed. */
  void recover() throws IOException {
    try {
      file.close();
    } catch (IOException ignored) {
      // the old handle may be broken
    }
    file = files.open(path);
    file.truncate(committed);
    file.force();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
