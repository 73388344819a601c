package dev.drawbridge.identity.jwt;

import com.nimbusds.jose.jwk.ECKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The keys of a single process: {@code <dataDir>/keys/assertion-keys.json} ({@link KeyFile}). */
final class FileKeys implements KeySource {
  private final KeyFile file;

  FileKeys(Path dataDir) {
    this.file = new KeyFile(dataDir);
  }

  @Override
  public List<KeyFile.Entry> load(Supplier<ECKey> generate, Instant now) {
    List<KeyFile.Entry> loaded = file.read();
    if (loaded.stream().noneMatch(e -> e.retiredAt() == null)) {
      loaded = new ArrayList<>(loaded);
      loaded.add(new KeyFile.Entry(generate.get(), now, null));
      file.write(loaded);
    }
    return loaded;
  }

  @Override
  public List<KeyFile.Entry> rotate(
      String expectedKid, ECKey next, Instant now, Predicate<KeyFile.Entry> published) {
    List<KeyFile.Entry> out = new ArrayList<>();
    for (KeyFile.Entry e : file.read()) {
      if (published.test(e)) {
        out.add(e.retiredAt() == null ? new KeyFile.Entry(e.jwk(), e.createdAt(), now) : e);
      }
    }
    out.add(new KeyFile.Entry(next, now, null));
    file.write(out);
    return out;
  }

  @Override
  public boolean shared() {
    return false;
  }
}
