package dev.drawbridge.identity.jwt;

import com.nimbusds.jose.jwk.ECKey;
import dev.drawbridge.store.SigningKeyRecord;
import dev.drawbridge.store.SigningKeyRepository;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The keys shared by every gateway on one PostgreSQL (SPEC §8): rows of {@code signing_keys}, the
 * highest generation current, each older one retired when its successor was created. Creation and
 * rotation insert the next generation with {@code ON CONFLICT DO NOTHING} and read back, so
 * processes that start or rotate at the same moment agree on one key. The first key of an empty
 * store is the current key of {@code <dataDir>/keys/assertion-keys.json} when that file exists (a
 * deployment that moves to PostgreSQL keeps the key its upstreams know), else a new one.
 */
final class StoreKeys implements KeySource {
  private final SigningKeyRepository repo;
  private final KeyFile seed;

  StoreKeys(SigningKeyRepository repo, Path dataDir) {
    this.repo = repo;
    this.seed = dataDir == null ? null : new KeyFile(dataDir);
  }

  @Override
  public List<KeyFile.Entry> load(Supplier<ECKey> generate, Instant now) {
    List<SigningKeyRecord> rows = repo.all();
    if (rows.isEmpty()) {
      KeyFile.Entry first = seeded();
      repo.insert(
          first != null
              ? record(1, first.jwk(), first.createdAt())
              : record(1, generate.get(), now));
      rows = repo.all();
    }
    return entries(rows);
  }

  @Override
  public List<KeyFile.Entry> rotate(
      String expectedKid, ECKey next, Instant now, Predicate<KeyFile.Entry> published) {
    List<SigningKeyRecord> rows = repo.all();
    SigningKeyRecord last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
    if (last == null || last.kid().equals(expectedKid)) {
      repo.insert(record(last == null ? 1 : last.generation() + 1, next, now));
      rows = repo.all();
    }
    List<KeyFile.Entry> kept = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (KeyFile.Entry e : entries(rows)) {
      if (published.test(e)) {
        kept.add(e);
      } else {
        gone.add(e.jwk().getKeyID());
      }
    }
    repo.delete(gone);
    return kept;
  }

  @Override
  public boolean shared() {
    return true;
  }

  /** The current key of the local key file, or null when there is none to carry over. */
  private KeyFile.Entry seeded() {
    if (seed == null) {
      return null;
    }
    return seed.read().stream().filter(e -> e.retiredAt() == null).findFirst().orElse(null);
  }

  private static SigningKeyRecord record(long generation, ECKey jwk, Instant createdAt) {
    return new SigningKeyRecord(generation, jwk.getKeyID(), jwk.toJSONString(), createdAt);
  }

  private static List<KeyFile.Entry> entries(List<SigningKeyRecord> rows) {
    if (rows.isEmpty()) {
      throw new IllegalStateException("store: no assertion signing key after creating one");
    }
    List<KeyFile.Entry> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      SigningKeyRecord r = rows.get(i);
      Instant retired = i + 1 < rows.size() ? rows.get(i + 1).createdAt() : null;
      out.add(new KeyFile.Entry(parse(r), r.createdAt(), retired));
    }
    return out;
  }

  private static ECKey parse(SigningKeyRecord r) {
    try {
      ECKey k = ECKey.parse(r.jwk());
      if (k.isPrivate() && r.kid().equals(k.getKeyID())) {
        return k;
      }
    } catch (ParseException | RuntimeException e) {
      // fall through; the parser's message may quote the key material, so it is not passed on
    }
    throw new IllegalStateException(
        "store: assertion signing key " + r.kid() + " (signing_keys) is unusable");
  }
}
