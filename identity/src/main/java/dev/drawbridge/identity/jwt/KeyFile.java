package dev.drawbridge.identity.jwt;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The signing keys on disk: {@code <dataDir>/keys/assertion-keys.json} (mode 0600, directory 0700),
 * a list of private JWKs with the instant each stopped being current. Written atomically.
 */
final class KeyFile {
  static final String NAME = "assertion-keys.json";

  /** One key; {@code retiredAt} is null for the current key. */
  record Entry(ECKey jwk, Instant createdAt, Instant retiredAt) {}

  private final Path dir;
  private final Path file;

  KeyFile(Path dataDir) {
    this.dir = dataDir.resolve("keys");
    this.file = dir.resolve(NAME);
  }

  Path path() {
    return file;
  }

  List<Entry> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      Map<String, Object> root =
          JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
      List<Entry> out = new ArrayList<>();
      for (Object o : JSONObjectUtils.getJSONObjectArray(root, "keys")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        @SuppressWarnings("unchecked")
        ECKey jwk = ECKey.parse((Map<String, Object>) m.get("jwk"));
        Object retired = m.get("retired_at");
        out.add(
            new Entry(
                jwk,
                Instant.parse((String) m.get("created_at")),
                retired == null ? null : Instant.parse((String) retired)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("data_dir: cannot read signing keys " + file, e);
    } catch (ParseException | RuntimeException e) {
      throw new IllegalStateException(
          "data_dir: signing key file " + file + " is corrupt (move it away to start anew)", e);
    }
  }

  void write(List<Entry> entries) {
    List<Object> keys = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("jwk", e.jwk().toJSONObject());
      m.put("created_at", e.createdAt().toString());
      if (e.retiredAt() != null) {
        m.put("retired_at", e.retiredAt().toString());
      }
      keys.add(m);
    }
    String json = JSONObjectUtils.toJSONString(Map.of("keys", keys));
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        if (posix) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
      }
      Path tmp = dir.resolve(NAME + ".tmp");
      Files.deleteIfExists(tmp);
      if (posix) {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("data_dir: cannot write signing keys to " + dir, e);
    }
  }
}
