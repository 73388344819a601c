package dev.drawbridge.identity.webauthn;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link LocalUsers} in {@code <dataDir>/local-users.json}: {@code {email: [groups]}}. */
public final class FileLocalUsers implements LocalUsers {
  private final Path file;
  private final Map<String, List<String>> users = new LinkedHashMap<>();

  public FileLocalUsers(Path dataDir) {
    this.file = dataDir.resolve("local-users.json");
    if (Files.exists(file)) {
      try {
        Map<String, Object> m = JSONObjectUtils.parse(Files.readString(file));
        for (var e : m.entrySet()) {
          List<String> g = new ArrayList<>();
          if (e.getValue() instanceof List<?> l) {
            l.forEach(o -> g.add(String.valueOf(o)));
          }
          users.put(e.getKey(), List.copyOf(g));
        }
      } catch (IOException | ParseException e) {
        throw new IllegalStateException("data_dir: " + file + " is unreadable", e);
      }
    }
  }

  @Override
  public synchronized Optional<List<String>> groups(String email) {
    return Optional.ofNullable(users.get(email));
  }

  @Override
  public synchronized void put(String email, List<String> groups) {
    users.put(email, List.copyOf(groups));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(
          tmp, JSONObjectUtils.toJSONString(new LinkedHashMap<>(users)), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("data_dir: cannot write " + file, e);
    }
  }
}
